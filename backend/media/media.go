// Package media stores message attachments in an object store: S3-compatible
// storage (MinIO, AWS S3) or a directory on local disk.
//
// Keys are slash-separated relative paths chosen by callers, such as
// "acct-7/2026/01/3f9c….jpg". Both stores validate every key (see ValidateKey)
// so that no key can reach outside the store.
package media

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound is returned by Open and Stat when no object has the key.
var ErrNotFound = errors.New("media: object not found")

// DefaultContentType is recorded when Put is given an empty content type.
const DefaultContentType = "application/octet-stream"

// Object describes a stored object.
type Object struct {
	Key         string
	Size        int64
	ContentType string
	ModTime     time.Time
}

// Store keeps attachment bytes under caller-chosen keys.
type Store interface {
	// Put stores the bytes of r under key, replacing any existing object.
	// size is the exact length of r, or -1 when unknown; a stream shorter
	// than size is an error. The object is visible only after Put returns
	// nil, never partially written.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns a reader over the object and its description. The caller
	// must close the reader. A missing key gives ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, Object, error)
	// Stat describes the object. A missing key gives ErrNotFound.
	Stat(ctx context.Context, key string) (Object, error)
	// Delete removes the object. Deleting a missing key is not an error, so
	// retried clean-up jobs stay idempotent.
	Delete(ctx context.Context, key string) error
	// Ping reports whether the store is usable (readiness check).
	Ping(ctx context.Context) error
}

// Config selects and configures the store. S3 is used when S3.Endpoint is
// set, the local directory Dir otherwise.
type Config struct {
	Dir string
	S3  S3Config
}

// New opens the store described by cfg.
func New(ctx context.Context, cfg Config) (Store, error) {
	if cfg.S3.Endpoint != "" {
		return NewS3(ctx, cfg.S3)
	}
	return NewDisk(cfg.Dir)
}

var (
	_ Store = (*Disk)(nil)
	_ Store = (*S3)(nil)
)
