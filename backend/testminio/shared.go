package testminio

import (
	"os"
	"sync"
	"testing"
	"time"

	"switchboard/backend/media"
)

var shared struct {
	once sync.Once
	dir  string
	srv  *Server
	err  error
}

// Shared returns the configuration of a fresh bucket on a server shared by
// every test of the package. The server starts on first use; call
// StopShared from TestMain after m.Run to stop it.
func Shared(t testing.TB) media.S3Config {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "testminio-")
		if shared.err != nil {
			return
		}
		shared.srv, shared.err = start(shared.dir)
		if shared.err == nil {
			t.Logf("testminio: shared MinIO at %s started in %s", shared.srv.Endpoint, shared.srv.StartupTime.Round(time.Millisecond))
		}
	})
	if shared.err != nil {
		t.Fatalf("testminio: %v", shared.err)
	}
	return shared.srv.Config()
}

// StopShared stops the shared server, if one was started, and removes its
// data.
func StopShared() {
	if shared.srv != nil {
		_ = shared.srv.Stop()
	}
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
}
