package media

import (
	"errors"
	"io"
)

// ErrTooLarge is returned by a LimitedReader whose source holds more bytes
// than allowed.
var ErrTooLarge = errors.New("media: too large")

// LimitedReader reads from an underlying reader and fails with ErrTooLarge
// as soon as it holds more than the allowed number of bytes. Unlike
// io.LimitedReader, which silently truncates, it lets uploads and provider
// downloads be refused instead of stored cut off.
type LimitedReader struct {
	r    io.Reader
	left int64 // bytes still allowed
	err  error // sticky ErrTooLarge
}

// LimitReader returns a reader over r that allows at most n bytes.
func LimitReader(r io.Reader, n int64) *LimitedReader {
	return &LimitedReader{r: r, left: max(n, 0)}
}

// Read implements io.Reader. It reads at most one byte past the limit to
// tell an exact-size stream from an oversized one.
func (l *LimitedReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	if int64(n) > l.left {
		n = int(l.left)
		l.left = 0
		l.err = ErrTooLarge
		return n, l.err
	}
	l.left -= int64(n)
	return n, err
}
