// Package testminio runs a real MinIO server for tests of code that talks
// to S3.
//
// The binary is $SWITCHBOARD_TEST_MINIO_BIN, else <module root>/.tools/bin/minio
// (installed by `make test` or backend/scripts/ensure-minio.sh). A missing
// binary fails the test rather than skipping it: a skipped test cannot fail.
//
// Start gives a test its own server; Shared gives every test of a package one
// server started once (about a second saved per test), stopped by StopShared
// from TestMain. Every returned S3Config names a fresh bucket, so tests
// sharing a server do not see each other's objects.
package testminio

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"switchboard/backend/media"
)

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
)

// Server is a running MinIO server.
type Server struct {
	// Endpoint is the server's "127.0.0.1:port"; it speaks plain HTTP.
	Endpoint  string
	AccessKey string
	SecretKey string
	// StartupTime is how long the server took to answer its health check.
	StartupTime time.Duration

	cmd      *exec.Cmd
	exited   chan struct{}
	logPath  string
	stopOnce sync.Once
	stopErr  error
}

// Start runs a MinIO server for t, stopped when t ends, and returns the
// configuration of a fresh bucket on it.
func Start(t testing.TB) media.S3Config {
	t.Helper()
	return StartServer(t).Config()
}

// StartServer runs a MinIO server for t with its data in t.TempDir(). It is
// stopped when t ends, or earlier by Stop.
func StartServer(t testing.TB) *Server {
	t.Helper()
	srv, err := start(t.TempDir())
	if err != nil {
		t.Fatalf("testminio: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	t.Logf("testminio: MinIO at %s started in %s", srv.Endpoint, srv.StartupTime.Round(time.Millisecond))
	return srv
}

// Config returns the server's configuration with a new, unique bucket name.
// The bucket itself is created by media.NewS3.
func (s *Server) Config() media.S3Config {
	return media.S3Config{
		Endpoint:  s.Endpoint,
		AccessKey: s.AccessKey,
		SecretKey: s.SecretKey,
		Bucket:    "test-" + randomHex(8),
	}
}

// URL returns the server's base URL, e.g. for anonymous HTTP requests.
func (s *Server) URL() string { return "http://" + s.Endpoint }

// Stop terminates the server: SIGTERM, then kill after 10 s. It is safe to
// call more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			_ = s.cmd.Process.Kill()
		}
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			s.stopErr = errors.New("MinIO ignored SIGTERM; killed")
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
	return s.stopErr
}

// errExited reports that MinIO quit during start-up, most often because
// another process took one of its ports after freeAddr released it.
var errExited = errors.New("MinIO exited during start-up")

// start runs MinIO with its data, certificates and log under dir and waits
// until it is live and serves S3 requests. It tries new ports if MinIO quits
// while starting.
func start(dir string) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	// The same credentials on every attempt: MinIO may have written its
	// configuration, sealed with them, before it quit.
	user, password := "test"+randomHex(8), randomHex(16)
	for attempt := 1; ; attempt++ {
		s, err := launch(bin, dir, user, password)
		if err == nil || !errors.Is(err, errExited) || attempt == 3 {
			return s, err
		}
	}
}

func launch(bin, dir, user, password string) (*Server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	consoleAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	dataDir := filepath.Join(dir, "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "minio.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child keeps its own descriptor

	s := &Server{
		Endpoint:  addr,
		AccessKey: user,
		SecretKey: password,
		exited:    make(chan struct{}),
		logPath:   logPath,
	}
	s.cmd = exec.Command(bin, "server",
		"--address", addr,
		"--console-address", consoleAddr,
		"--certs-dir", filepath.Join(dir, "certs"),
		"--quiet",
		dataDir,
	)
	s.cmd.Env = append(environWithoutMinIO(),
		"MINIO_ROOT_USER="+s.AccessKey,
		"MINIO_ROOT_PASSWORD="+s.SecretKey,
		"MINIO_UPDATE=off",
		"MINIO_BROWSER=off",
	)
	s.cmd.Stdout = logFile
	s.cmd.Stderr = logFile
	s.cmd.SysProcAttr = sysProcAttr()
	begin := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("unable to start %s: %w", bin, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitLive(); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("%w\n--- MinIO log (%s) ---\n%s", err, logPath, s.logTail())
	}
	s.StartupTime = time.Since(begin)
	return s, nil
}

func (s *Server) waitLive() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	url := s.URL() + "/minio/health/live"
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			// Live answers 200 as soon as HTTP is up; until the object
			// layer is initialised it adds this header and S3 calls fail.
			if resp.StatusCode == http.StatusOK && resp.Header.Get("X-Minio-Server-Status") != "offline" {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%w (%v)", errExited, s.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("MinIO at %s not live after %s", s.Endpoint, startTimeout)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func (s *Server) logTail() string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	const max = 4096
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}

// Binary returns the path of the MinIO binary, or an error telling how to
// install it.
func Binary() (string, error) {
	bin := os.Getenv("SWITCHBOARD_TEST_MINIO_BIN")
	if bin == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		bin = filepath.Join(root, ".tools", "bin", "minio")
	}
	info, err := os.Stat(bin)
	if err != nil || info.IsDir() {
		return "", fmt.Errorf("MinIO binary %s not found; run `make test` or backend/scripts/ensure-minio.sh "+
			"(or set SWITCHBOARD_TEST_MINIO_BIN)", bin)
	}
	return bin, nil
}

// moduleRoot walks up from the working directory (the package directory
// under `go test`) to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; set SWITCHBOARD_TEST_MINIO_BIN")
		}
		dir = parent
	}
}

// freeAddr asks the kernel for a free port on the loopback interface.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("no free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// environWithoutMinIO keeps the developer's own MINIO_* settings from
// changing the test server.
func environWithoutMinIO() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MINIO_") {
			env = append(env, kv)
		}
	}
	return env
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
