package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3PartSize bounds the memory of an upload of unknown size: minio-go
// buffers one part at a time, and its default for unknown sizes is
// ~0.5 GiB. 8 MiB parts still allow objects of 80 GB (10,000 parts).
const s3PartSize = 8 << 20

// S3Config locates an S3-compatible bucket.
type S3Config struct {
	// Endpoint is "host:port", or a URL "http(s)://host:port" whose scheme
	// then decides UseSSL.
	Endpoint  string
	AccessKey string
	SecretKey string
	Bucket    string
	Region    string // optional; MinIO ignores it
	UseSSL    bool
}

// S3 stores objects in one bucket of an S3-compatible server.
type S3 struct {
	client *minio.Client
	// probe does not retry, so Ping reports an outage at once instead of
	// backing off for seconds the way data calls should.
	probe  *minio.Client
	bucket string
}

// NewS3 connects to the server and creates the bucket if it is missing. The
// bucket is left private: no policy is ever set, so objects are reachable
// only through the application.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	host, secure, err := parseEndpoint(cfg.Endpoint, cfg.UseSSL)
	if err != nil {
		return nil, err
	}
	if cfg.Bucket == "" {
		return nil, errors.New("media: S3 store needs a bucket")
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, errors.New("media: S3 store needs an access key and a secret key")
	}
	opts := minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: secure,
		Region: cfg.Region,
	}
	client, err := minio.New(host, &opts)
	if err != nil {
		return nil, fmt.Errorf("media: unable to create S3 client for %s: %w", cfg.Endpoint, err)
	}
	opts.MaxRetries = 1
	probe, err := minio.New(host, &opts)
	if err != nil {
		return nil, fmt.Errorf("media: unable to create S3 client for %s: %w", cfg.Endpoint, err)
	}
	s := &S3{client: client, probe: probe, bucket: cfg.Bucket}
	if err := s.ensureBucket(ctx, cfg.Region); err != nil {
		return nil, err
	}
	return s, nil
}

func parseEndpoint(endpoint string, useSSL bool) (host string, secure bool, err error) {
	if endpoint == "" {
		return "", false, errors.New("media: S3 store needs an endpoint")
	}
	if !strings.Contains(endpoint, "://") {
		return endpoint, useSSL, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", false, fmt.Errorf("media: bad S3 endpoint %q: %w", endpoint, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return "", false, fmt.Errorf("media: bad S3 endpoint %q: want host:port or http(s)://host:port", endpoint)
	}
	return u.Host, u.Scheme == "https", nil
}

func (s *S3) ensureBucket(ctx context.Context, region string) error {
	exists, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("media: unable to check bucket %s: %w", s.bucket, err)
	}
	if exists {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	if err != nil && minio.ToErrorResponse(err).Code != minio.BucketAlreadyOwnedByYou {
		return fmt.Errorf("media: unable to create bucket %s: %w", s.bucket, err)
	}
	return nil
}

// Bucket returns the bucket's name.
func (s *S3) Bucket() string { return s.bucket }

// Put uploads the object. With size -1 it streams in parts of 8 MiB.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if contentType == "" {
		contentType = DefaultContentType
	}
	var sized *sizedReader
	if size >= 0 {
		// Fail a short stream at once; minio-go would otherwise retry the
		// upload for seconds, then report a closed connection.
		sized = &sizedReader{r: r, left: size}
		r = sized
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{
		ContentType: contentType,
		PartSize:    s3PartSize,
	})
	if err != nil {
		if sized != nil && sized.err != nil {
			err = sized.err
		}
		return fmt.Errorf("media: unable to upload %q: %w", key, err)
	}
	return nil
}

// Open streams the object; the caller closes the reader.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Object{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, Object{}, s.mapErr(key, err)
	}
	// GetObject is lazy; Stat sends the request and reports a missing key.
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, Object{}, s.mapErr(key, err)
	}
	return obj, toObject(key, info), nil
}

// Stat describes the object.
func (s *S3) Stat(ctx context.Context, key string) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	info, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Object{}, s.mapErr(key, err)
	}
	return toObject(key, info), nil
}

func toObject(key string, info minio.ObjectInfo) Object {
	return Object{Key: key, Size: info.Size, ContentType: info.ContentType, ModTime: info.LastModified}
}

// Delete removes the object; S3 itself treats a missing key as success.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("media: unable to delete %q: %w", key, err)
	}
	return nil
}

// Ping checks, without retrying, that the server answers and the bucket
// exists.
func (s *S3) Ping(ctx context.Context) error {
	exists, err := s.probe.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("media: S3 unreachable: %w", err)
	}
	if !exists {
		return fmt.Errorf("media: bucket %s does not exist", s.bucket)
	}
	return nil
}

func (s *S3) mapErr(key string, err error) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	return fmt.Errorf("media: %q: %w", key, err)
}

// sizedReader turns an early end of stream into io.ErrUnexpectedEOF.
type sizedReader struct {
	r    io.Reader
	left int64
	err  error // the short-stream error, once seen
}

func (s *sizedReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.left -= int64(n)
	if err == io.EOF && s.left > 0 {
		s.err = fmt.Errorf("stream ended %d bytes short: %w", s.left, io.ErrUnexpectedEOF)
		err = s.err
	}
	return n, err
}
