package media_test

import (
	"errors"
	"strings"
	"testing"

	"switchboard/backend/media"
)

func TestValidateKeyAcceptsRelativePaths(t *testing.T) {
	for _, key := range []string{
		"a",
		"acct-1/2026/01/0a1b2c.jpg",
		"with space/and-ümlaut.pdf",
		"file.tar.gz",
		"dots.in..name",
		strings.Repeat("k", media.MaxKeyLen),
	} {
		if err := media.ValidateKey(key); err != nil {
			t.Errorf("ValidateKey(%q) = %v, want nil", key, err)
		}
	}
}

func TestValidateKeyRejectsUnsafeKeys(t *testing.T) {
	for _, key := range invalidKeys {
		if err := media.ValidateKey(key); !errors.Is(err, media.ErrInvalidKey) {
			t.Errorf("ValidateKey(%q) = %v, want ErrInvalidKey", key, err)
		}
	}
}
