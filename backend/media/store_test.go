package media_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"switchboard/backend/media"
	"switchboard/backend/testminio"
)

// The same contract holds for every Store implementation.

func TestDiskContract(t *testing.T) {
	t.Parallel()
	testStoreContract(t, func(t *testing.T) media.Store {
		d, err := media.NewDisk(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}

func TestS3Contract(t *testing.T) {
	t.Parallel()
	testStoreContract(t, func(t *testing.T) media.Store {
		s, err := media.NewS3(t.Context(), testminio.Shared(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func testStoreContract(t *testing.T, newStore func(*testing.T) media.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s media.Store)
	}{
		{"put then stat and open return bytes and content type", testRoundTrip},
		{"empty content type is stored as octet-stream", testDefaultContentType},
		{"empty object round-trips", testEmptyObject},
		{"put replaces an existing object", testOverwrite},
		{"missing key gives ErrNotFound", testMissing},
		{"invalid keys are rejected by every method", testInvalidKeys},
		{"delete removes the object and is idempotent", testDelete},
		{"large object streams with unknown size", testLarge},
		{"stream shorter than declared size fails and stores nothing", testShortStream},
		{"oversized upload through LimitReader fails with ErrTooLarge", testTooLarge},
		{"cancelled context fails put", testCancelledPut},
		{"ping succeeds", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, newStore(t))
		})
	}
}

func put(t *testing.T, s media.Store, key, body, contentType string) {
	t.Helper()
	if err := s.Put(t.Context(), key, strings.NewReader(body), int64(len(body)), contentType); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func readAll(t *testing.T, s media.Store, key string) ([]byte, media.Object) {
	t.Helper()
	rc, obj, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return b, obj
}

func checkObject(t *testing.T, got media.Object, key string, size int64, contentType string) {
	t.Helper()
	if got.Key != key || got.Size != size || got.ContentType != contentType {
		t.Errorf("object = {%q %d %q}, want {%q %d %q}", got.Key, got.Size, got.ContentType, key, size, contentType)
	}
	if d := time.Since(got.ModTime); d < -time.Minute || d > time.Minute {
		t.Errorf("ModTime %v is not close to now", got.ModTime)
	}
}

func testRoundTrip(t *testing.T, s media.Store) {
	const key, body, ct = "acct-1/2026/01/voice note.ogg", "hello, world", "audio/ogg; codecs=opus"
	put(t, s, key, body, ct)

	obj, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	checkObject(t, obj, key, int64(len(body)), ct)

	got, obj := readAll(t, s, key)
	if string(got) != body {
		t.Errorf("body = %q, want %q", got, body)
	}
	checkObject(t, obj, key, int64(len(body)), ct)
}

func testDefaultContentType(t *testing.T, s media.Store) {
	put(t, s, "a/file.jpg", "x", "")
	obj, err := s.Stat(t.Context(), "a/file.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if obj.ContentType != media.DefaultContentType {
		t.Errorf("content type = %q, want %q", obj.ContentType, media.DefaultContentType)
	}
}

func testEmptyObject(t *testing.T, s media.Store) {
	put(t, s, "empty", "", "text/plain")
	got, obj := readAll(t, s, "empty")
	if len(got) != 0 {
		t.Errorf("body = %q, want empty", got)
	}
	checkObject(t, obj, "empty", 0, "text/plain")
}

func testOverwrite(t *testing.T, s media.Store) {
	put(t, s, "k/img", "first version", "image/png")
	put(t, s, "k/img", "v2", "image/webp")
	got, obj := readAll(t, s, "k/img")
	if string(got) != "v2" {
		t.Errorf("body = %q, want %q", got, "v2")
	}
	checkObject(t, obj, "k/img", 2, "image/webp")
}

func testMissing(t *testing.T, s media.Store) {
	put(t, s, "present/file", "x", "text/plain")
	for _, key := range []string{"absent", "present/absent", "present/file/below", "present"} {
		if _, err := s.Stat(t.Context(), key); !errors.Is(err, media.ErrNotFound) {
			t.Errorf("Stat(%q) = %v, want ErrNotFound", key, err)
		}
		rc, _, err := s.Open(t.Context(), key)
		if !errors.Is(err, media.ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
		}
		if rc != nil {
			rc.Close()
			t.Errorf("Open(%q) returned a reader with an error", key)
		}
	}
}

var invalidKeys = []string{
	"",
	"/etc/passwd",
	"../escape",
	"a/../../escape",
	"a/..",
	"..",
	".",
	"a/./b",
	"a//b",
	"a/",
	`a\b`,
	`..\escape`,
	"a\x00b",
	"a\nb",
	".hidden",
	"a/.b.meta",
	"bad\xffutf8",
	strings.Repeat("k", media.MaxKeyLen+1),
}

func testInvalidKeys(t *testing.T, s media.Store) {
	ctx := t.Context()
	for _, key := range invalidKeys {
		if err := s.Put(ctx, key, strings.NewReader("x"), 1, "text/plain"); !errors.Is(err, media.ErrInvalidKey) {
			t.Errorf("Put(%q) = %v, want ErrInvalidKey", key, err)
		}
		if _, err := s.Stat(ctx, key); !errors.Is(err, media.ErrInvalidKey) {
			t.Errorf("Stat(%q) = %v, want ErrInvalidKey", key, err)
		}
		if _, _, err := s.Open(ctx, key); !errors.Is(err, media.ErrInvalidKey) {
			t.Errorf("Open(%q) = %v, want ErrInvalidKey", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, media.ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v, want ErrInvalidKey", key, err)
		}
	}
}

func testDelete(t *testing.T, s media.Store) {
	put(t, s, "d/one", "1", "text/plain")
	put(t, s, "d/two", "2", "text/plain")
	if err := s.Delete(t.Context(), "d/one"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Stat(t.Context(), "d/one"); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("Stat after Delete = %v, want ErrNotFound", err)
	}
	if err := s.Delete(t.Context(), "d/one"); err != nil {
		t.Errorf("second Delete = %v, want nil", err)
	}
	if err := s.Delete(t.Context(), "never/there"); err != nil {
		t.Errorf("Delete of a missing key = %v, want nil", err)
	}
	if got, _ := readAll(t, s, "d/two"); string(got) != "2" {
		t.Errorf("sibling body = %q, want %q", got, "2")
	}
}

// pseudoRandom returns n reproducible incompressible bytes as a stream,
// hiding any Seek or ReadAt so the store sees a plain stream.
func pseudoRandom(n int64) io.Reader {
	r := rand.NewChaCha8([32]byte{1, 2, 3})
	return io.LimitReader(struct{ io.Reader }{r}, n)
}

func testLarge(t *testing.T, s media.Store) {
	for _, size := range []int64{8 << 20, 8<<20 + 123} {
		want := sha256.New()
		if _, err := io.Copy(want, pseudoRandom(size)); err != nil {
			t.Fatal(err)
		}
		if err := s.Put(t.Context(), "big/blob", pseudoRandom(size), -1, "video/mp4"); err != nil {
			t.Fatalf("Put %d bytes: %v", size, err)
		}
		rc, obj, err := s.Open(t.Context(), "big/blob")
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		got := sha256.New()
		n, err := io.Copy(got, rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if n != size || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
			t.Errorf("read %d bytes (sha256 match %v), want %d identical bytes", n, bytes.Equal(got.Sum(nil), want.Sum(nil)), size)
		}
		checkObject(t, obj, "big/blob", size, "video/mp4")
	}
}

func testShortStream(t *testing.T, s media.Store) {
	err := s.Put(t.Context(), "short", strings.NewReader("abc"), 10, "text/plain")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("Put with a short stream = %v, want io.ErrUnexpectedEOF", err)
	}
	if _, err := s.Stat(t.Context(), "short"); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("Stat after failed Put = %v, want ErrNotFound", err)
	}
}

func testTooLarge(t *testing.T, s media.Store) {
	r := media.LimitReader(pseudoRandom(1<<20+1), 1<<20)
	err := s.Put(t.Context(), "too/large", r, -1, "image/jpeg")
	if !errors.Is(err, media.ErrTooLarge) {
		t.Fatalf("Put = %v, want ErrTooLarge", err)
	}
	if _, err := s.Stat(t.Context(), "too/large"); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("Stat after refused Put = %v, want ErrNotFound", err)
	}
}

func testCancelledPut(t *testing.T, s media.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.Put(ctx, "cancelled", strings.NewReader("x"), 1, "text/plain"); err == nil {
		t.Fatal("Put with a cancelled context succeeded")
	}
	if _, err := s.Stat(t.Context(), "cancelled"); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("Stat after cancelled Put = %v, want ErrNotFound", err)
	}
}

func testPing(t *testing.T, s media.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}
