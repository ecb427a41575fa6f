package media

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"syscall"
)

const (
	diskDirPerm  = 0o750
	diskFilePerm = 0o640
)

// Disk stores objects as files under a directory. Key "a/b.jpg" lives in
// <dir>/a/b.jpg, its content type in the sidecar <dir>/a/.b.jpg.meta. All
// file access goes through an os.Root, so no key or symlink can reach
// outside the directory.
type Disk struct {
	dir  string
	root *os.Root
}

// diskMeta is the JSON sidecar of an object. Size lets a reader notice a
// sidecar that does not belong to the data file (a crash between the two
// renames of an overwrite) and fall back to a derived content type.
type diskMeta struct {
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

// NewDisk opens (creating it if needed) the directory dir as a store.
func NewDisk(dir string) (*Disk, error) {
	if dir == "" {
		return nil, errors.New("media: disk store needs a directory")
	}
	if err := os.MkdirAll(dir, diskDirPerm); err != nil {
		return nil, fmt.Errorf("media: unable to create %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("media: unable to open %s: %w", dir, err)
	}
	return &Disk{dir: dir, root: root}, nil
}

// Dir returns the directory the store writes to.
func (d *Disk) Dir() string { return d.dir }

// Close releases the directory handle.
func (d *Disk) Close() error { return d.root.Close() }

func metaName(key string) string {
	dir, base := path.Split(key)
	return dir + "." + base + ".meta"
}

func tempName(key string) string {
	dir, base := path.Split(key)
	return dir + "." + base + ".tmp-" + rand.Text()
}

func parentDir(key string) string {
	if dir := path.Dir(key); dir != "" {
		return dir
	}
	return "."
}

// Put writes the object to temporary files, syncs them and renames them
// into place, then syncs the directory: once Put returns nil the object
// survives a crash, and a reader never sees a partial file.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if contentType == "" {
		contentType = DefaultContentType
	}
	if err := d.root.MkdirAll(parentDir(key), diskDirPerm); err != nil {
		return fmt.Errorf("media: unable to create directory for %q: %w", key, err)
	}

	dataTmp := tempName(key)
	written, err := d.writeFile(dataTmp, func(f *os.File) (int64, error) {
		src := &ctxReader{ctx: ctx, r: r}
		if size < 0 {
			return io.Copy(f, src)
		}
		n, err := io.CopyN(f, src, size)
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("stream ended after %d of %d bytes: %w", n, size, io.ErrUnexpectedEOF)
		}
		return n, err
	})
	if err != nil {
		return fmt.Errorf("media: unable to write %q: %w", key, err)
	}
	defer d.root.Remove(dataTmp) //nolint:errcheck // gone after a successful rename

	meta, err := json.Marshal(diskMeta{ContentType: contentType, Size: written})
	if err != nil {
		return fmt.Errorf("media: unable to encode metadata of %q: %w", key, err)
	}
	metaTmp := tempName(key)
	if _, err := d.writeFile(metaTmp, func(f *os.File) (int64, error) {
		n, err := f.Write(meta)
		return int64(n), err
	}); err != nil {
		return fmt.Errorf("media: unable to write metadata of %q: %w", key, err)
	}
	defer d.root.Remove(metaTmp) //nolint:errcheck // gone after a successful rename

	// Sidecar first: a crash in between leaves at worst a sidecar whose
	// size does not match, which readers ignore.
	if err := d.root.Rename(metaTmp, metaName(key)); err != nil {
		return fmt.Errorf("media: unable to store metadata of %q: %w", key, err)
	}
	if err := d.root.Rename(dataTmp, key); err != nil {
		return fmt.Errorf("media: unable to store %q: %w", key, err)
	}
	if err := d.syncDir(parentDir(key)); err != nil {
		return fmt.Errorf("media: unable to sync directory of %q: %w", key, err)
	}
	return nil
}

// writeFile creates name exclusively, fills it with write, and syncs and
// closes it. On failure the file is removed.
func (d *Disk) writeFile(name string, write func(*os.File) (int64, error)) (int64, error) {
	f, err := d.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, diskFilePerm)
	if err != nil {
		return 0, err
	}
	n, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = d.root.Remove(name)
		return 0, err
	}
	return n, nil
}

func (d *Disk) syncDir(name string) error {
	dir, err := d.root.Open(name)
	if err != nil {
		return err
	}
	err = dir.Sync()
	if cerr := dir.Close(); err == nil {
		err = cerr
	}
	return err
}

// Open returns the object's file; the caller closes it.
func (d *Disk) Open(ctx context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Object{}, err
	}
	f, err := d.root.Open(key)
	if err != nil {
		return nil, Object{}, d.mapErr(key, err)
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, Object{}, d.mapErr(key, err)
	}
	return f, d.object(key, info), nil
}

// Stat describes the object.
func (d *Disk) Stat(ctx context.Context, key string) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	info, err := d.root.Stat(key)
	if err == nil && !info.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		return Object{}, d.mapErr(key, err)
	}
	return d.object(key, info), nil
}

func (d *Disk) object(key string, info fs.FileInfo) Object {
	return Object{
		Key:         key,
		Size:        info.Size(),
		ContentType: d.contentType(key, info.Size()),
		ModTime:     info.ModTime(),
	}
}

// contentType reads the sidecar; if it is missing, unreadable or belongs to
// other data, the type is derived from the key's extension.
func (d *Disk) contentType(key string, size int64) string {
	var m diskMeta
	if b, err := d.root.ReadFile(metaName(key)); err == nil &&
		json.Unmarshal(b, &m) == nil && m.Size == size && m.ContentType != "" {
		return m.ContentType
	}
	if ct := mime.TypeByExtension(path.Ext(key)); ct != "" {
		return ct
	}
	return DefaultContentType
}

// Delete removes the object and its sidecar.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := d.root.Lstat(key)
	if err != nil {
		if errors.Is(d.mapErr(key, err), ErrNotFound) {
			return nil
		}
		return fmt.Errorf("media: unable to delete %q: %w", key, err)
	}
	if info.IsDir() {
		return nil // a key prefix, not an object
	}
	if err := d.root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: unable to delete %q: %w", key, err)
	}
	if err := d.root.Remove(metaName(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: unable to delete metadata of %q: %w", key, err)
	}
	if err := d.syncDir(parentDir(key)); err != nil {
		return fmt.Errorf("media: unable to sync directory of %q: %w", key, err)
	}
	return nil
}

// Ping checks that a file can be created in the directory.
func (d *Disk) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	name := ".ping-" + rand.Text()
	f, err := d.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, diskFilePerm)
	if err != nil {
		return fmt.Errorf("media: directory %s is not writable: %w", d.dir, err)
	}
	f.Close()
	if err := d.root.Remove(name); err != nil {
		return fmt.Errorf("media: directory %s: %w", d.dir, err)
	}
	return nil
}

// mapErr turns "no such file" (also a file where the key needs a
// directory) into ErrNotFound.
func (d *Disk) mapErr(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	return fmt.Errorf("media: %q: %w", key, err)
}

// ctxReader stops a long copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
