package media

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalidKey is returned (wrapped) for keys that ValidateKey rejects.
var ErrInvalidKey = errors.New("media: invalid key")

// MaxKeyLen is the longest key accepted, in bytes (the S3 limit).
const MaxKeyLen = 1024

// ValidateKey checks that key is a clean, relative, slash-separated path:
// not empty, no leading or trailing slash, no empty, "." or ".." segment,
// no backslash, no control character (NUL included), valid UTF-8, at most
// MaxKeyLen bytes. Segments may not start with "." either: the disk store
// keeps its metadata and temporary files under such names.
func ValidateKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	case len(key) > MaxKeyLen:
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidKey, MaxKeyLen)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: not valid UTF-8", ErrInvalidKey)
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("%w: %q is absolute", ErrInvalidKey, key)
	case strings.ContainsRune(key, '\\'):
		return fmt.Errorf("%w: %q contains a backslash", ErrInvalidKey, key)
	}
	for _, c := range key {
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("%w: %q contains a control character", ErrInvalidKey, key)
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return fmt.Errorf("%w: %q has an empty path segment", ErrInvalidKey, key)
		case seg == "." || seg == "..":
			return fmt.Errorf("%w: %q contains %q", ErrInvalidKey, key, seg)
		case strings.HasPrefix(seg, "."):
			return fmt.Errorf("%w: %q has a segment starting with a dot", ErrInvalidKey, key)
		}
	}
	return nil
}
