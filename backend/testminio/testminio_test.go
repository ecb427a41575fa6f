package testminio_test

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"switchboard/backend/testminio"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testminio.StopShared()
	os.Exit(code)
}

// fatalTB records Fatalf and Skip calls instead of ending the real test.
type fatalTB struct {
	testing.TB
	fatal   string
	skipped bool
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fatalTB) Skip(...any)          { f.skipped = true; runtime.Goexit() }
func (f *fatalTB) Skipf(string, ...any) { f.skipped = true; runtime.Goexit() }
func (f *fatalTB) SkipNow()             { f.skipped = true; runtime.Goexit() }

func TestMissingBinaryFailsWithInstallHint(t *testing.T) {
	t.Setenv("SWITCHBOARD_TEST_MINIO_BIN", "/nonexistent/minio")
	fake := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		testminio.Start(fake)
		t.Error("Start returned without a server")
	}()
	<-done
	if fake.skipped {
		t.Fatal("missing binary skipped the test; it must fail")
	}
	for _, want := range []string{"/nonexistent/minio", "make test", "backend/scripts/ensure-minio.sh"} {
		if !strings.Contains(fake.fatal, want) {
			t.Errorf("failure %q does not mention %q", fake.fatal, want)
		}
	}
}

func TestStopClosesThePort(t *testing.T) {
	srv := testminio.StartServer(t)
	if srv.StartupTime <= 0 || srv.StartupTime > 30*time.Second {
		t.Errorf("StartupTime = %s", srv.StartupTime)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if c, err := net.DialTimeout("tcp", srv.Endpoint, time.Second); err == nil {
		c.Close()
		t.Fatal("server still accepts connections after Stop")
	}
}

func TestSharedReusesServerWithFreshBuckets(t *testing.T) {
	a, b := testminio.Shared(t), testminio.Shared(t)
	if a.Endpoint != b.Endpoint || a.AccessKey != b.AccessKey {
		t.Errorf("Shared started two servers: %s and %s", a.Endpoint, b.Endpoint)
	}
	if a.Bucket == b.Bucket {
		t.Errorf("Shared returned bucket %q twice", a.Bucket)
	}
	if !strings.HasPrefix(a.Endpoint, "127.0.0.1:") {
		t.Errorf("endpoint %s is not on loopback", a.Endpoint)
	}
}
