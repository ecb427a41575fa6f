package media_test

import (
	"os"
	"testing"

	"switchboard/backend/testminio"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testminio.StopShared()
	os.Exit(code)
}
