package campaigns

import (
	"os"
	"testing"

	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}
