package media_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"switchboard/backend/media"
)

func TestLimitReaderRefusesMoreThanLimit(t *testing.T) {
	tests := []struct {
		name    string
		input   int
		limit   int64
		wantErr error
	}{
		{"shorter than limit", 5, 10, nil},
		{"exactly the limit", 10, 10, nil},
		{"one byte over", 11, 10, media.ErrTooLarge},
		{"far over", 1 << 16, 10, media.ErrTooLarge},
		{"empty with zero limit", 0, 0, nil},
		{"one byte with zero limit", 1, 0, media.ErrTooLarge},
		{"negative limit acts as zero", 1, -5, media.ErrTooLarge},
	}
	for _, tc := range tests {
		for _, oneByte := range []bool{false, true} {
			var src io.Reader = strings.NewReader(strings.Repeat("x", tc.input))
			if oneByte {
				src = iotest.OneByteReader(src)
			}
			got, err := io.ReadAll(media.LimitReader(src, tc.limit))
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("%s (one byte reads %v): err = %v, want %v", tc.name, oneByte, err, tc.wantErr)
			}
			if want := min(tc.input, int(max(tc.limit, 0))); len(got) != want {
				t.Errorf("%s (one byte reads %v): read %d bytes, want %d", tc.name, oneByte, len(got), want)
			}
		}
	}
}

func TestLimitReaderErrorIsSticky(t *testing.T) {
	r := media.LimitReader(strings.NewReader("abcdef"), 2)
	if _, err := io.ReadAll(r); !errors.Is(err, media.ErrTooLarge) {
		t.Fatalf("ReadAll = %v, want ErrTooLarge", err)
	}
	if n, err := r.Read(make([]byte, 8)); n != 0 || !errors.Is(err, media.ErrTooLarge) {
		t.Errorf("Read after limit = %d, %v; want 0, ErrTooLarge", n, err)
	}
}

func TestLimitReaderPassesThroughSourceErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := io.ReadAll(media.LimitReader(iotest.ErrReader(boom), 10))
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
}
