package media_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"switchboard/backend/media"
)

func newDisk(t *testing.T) (*media.Disk, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "media")
	d, err := media.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, dir
}

func TestNewDiskCreatesDirectory(t *testing.T) {
	_, dir := newDisk(t)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("directory not created: %v", err)
	}
}

func TestNewDiskNeedsDirectory(t *testing.T) {
	if _, err := media.NewDisk(""); err == nil {
		t.Fatal("NewDisk(\"\") succeeded")
	}
}

func TestDiskLeavesOnlyDataAndSidecarFiles(t *testing.T) {
	d, dir := newDisk(t)
	ctx := t.Context()
	put(t, d, "a/b/one.txt", "1", "text/plain")
	put(t, d, "a/two.txt", "22", "text/plain")
	put(t, d, "a/two.txt", "222", "text/plain")
	_ = d.Put(ctx, "a/short", strings.NewReader("x"), 5, "")
	_ = d.Put(ctx, "a/big", media.LimitReader(strings.NewReader("xyz"), 2), -1, "")
	_ = d.Ping(ctx)
	put(t, d, "gone", "x", "")
	if err := d.Delete(ctx, "gone"); err != nil {
		t.Fatal(err)
	}

	var files []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a/.two.txt.meta", "a/b/.one.txt.meta", "a/b/one.txt", "a/two.txt"}
	slices.Sort(files)
	if !slices.Equal(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
}

func TestDiskDoesNotFollowSymlinksOutOfItsDirectory(t *testing.T) {
	d, dir := newDisk(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(t.Context(), "link/planted", strings.NewReader("x"), 1, ""); err == nil {
		t.Error("Put through a symlink out of the directory succeeded")
	}
	if _, err := os.Stat(filepath.Join(outside, "planted")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file written outside the directory (stat: %v)", err)
	}
	if _, _, err := d.Open(t.Context(), "link/secret"); err == nil {
		t.Error("Open through a symlink out of the directory succeeded")
	}
	if err := d.Delete(t.Context(), "link/secret"); err == nil {
		if _, err := os.Stat(filepath.Join(outside, "secret")); err != nil {
			t.Errorf("file outside the directory deleted: %v", err)
		}
	}
}

func TestDiskContentTypeFallsBackToExtension(t *testing.T) {
	d, dir := newDisk(t)
	// Sidecar lost.
	put(t, d, "p/photo.png", "png bytes", "image/png")
	if err := os.Remove(filepath.Join(dir, "p", ".photo.png.meta")); err != nil {
		t.Fatal(err)
	}
	// Sidecar of other data, as after a crash between the two renames.
	put(t, d, "p/doc.pdf", "old, longer content", "text/plain")
	if err := os.WriteFile(filepath.Join(dir, "p", "doc.pdf"), []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"p/photo.png": "image/png", "p/doc.pdf": "application/pdf"} {
		obj, err := d.Stat(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		if obj.ContentType != want {
			t.Errorf("Stat(%q).ContentType = %q, want %q", key, obj.ContentType, want)
		}
	}
}

func TestDiskPingFailsWhenDirectoryIsGone(t *testing.T) {
	d, dir := newDisk(t)
	if err := d.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := d.Ping(t.Context()); err == nil {
		t.Fatal("Ping succeeded after the directory was removed")
	}
}
