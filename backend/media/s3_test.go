package media_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"switchboard/backend/media"
	"switchboard/backend/testminio"
)

func TestS3PingFailsAfterServerStops(t *testing.T) {
	t.Parallel()
	srv := testminio.StartServer(t)
	s, err := media.NewS3(t.Context(), srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping with server up: %v", err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	begin := time.Now()
	if err := s.Ping(ctx); err == nil {
		t.Fatal("Ping succeeded with the server stopped")
	}
	// A readiness probe must not sit in retry back-off.
	if d := time.Since(begin); d > time.Second {
		t.Errorf("failing Ping took %s, want under 1s", d)
	}
}

func TestS3BucketIsNotPublic(t *testing.T) {
	t.Parallel()
	cfg := testminio.Shared(t)
	s, err := media.NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, "private/photo.jpg", "secret", "image/jpeg")

	for _, path := range []string{"/" + cfg.Bucket + "/private/photo.jpg", "/" + cfg.Bucket + "/", "/" + cfg.Bucket + "/private/missing"} {
		resp, err := http.Get("http://" + cfg.Endpoint + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("anonymous GET %s = %d, want 403", path, resp.StatusCode)
		}
	}
}

func TestNewS3KeepsExistingBucketAndObjects(t *testing.T) {
	t.Parallel()
	cfg := testminio.Shared(t)
	first, err := media.NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	put(t, first, "kept", "still here", "text/plain")
	second, err := media.NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatalf("NewS3 on an existing bucket: %v", err)
	}
	if got, _ := readAll(t, second, "kept"); string(got) != "still here" {
		t.Errorf("body = %q, want %q", got, "still here")
	}
}

func TestNewS3AcceptsURLEndpoint(t *testing.T) {
	t.Parallel()
	cfg := testminio.Shared(t)
	cfg.Endpoint = "http://" + cfg.Endpoint + "/"
	cfg.UseSSL = true // the URL's scheme wins
	s, err := media.NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestNewS3RejectsBadConfig(t *testing.T) {
	t.Parallel()
	good := testminio.Shared(t)
	tests := []struct {
		name   string
		change func(*media.S3Config)
	}{
		{"no endpoint", func(c *media.S3Config) { c.Endpoint = "" }},
		{"no bucket", func(c *media.S3Config) { c.Bucket = "" }},
		{"no access key", func(c *media.S3Config) { c.AccessKey = "" }},
		{"no secret key", func(c *media.S3Config) { c.SecretKey = "" }},
		{"wrong secret key", func(c *media.S3Config) { c.SecretKey = "wrong-secret" }},
		{"invalid bucket name", func(c *media.S3Config) { c.Bucket = "Not_Valid" }},
		{"unsupported scheme", func(c *media.S3Config) { c.Endpoint = "ftp://" + c.Endpoint }},
		{"endpoint with path", func(c *media.S3Config) { c.Endpoint = "http://" + c.Endpoint + "/bucket" }},
	}
	for _, tc := range tests {
		cfg := good
		tc.change(&cfg)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		if _, err := media.NewS3(ctx, cfg); err == nil {
			t.Errorf("%s: NewS3 succeeded", tc.name)
		}
		cancel()
	}
}

func TestNewChoosesS3WhenEndpointIsSet(t *testing.T) {
	t.Parallel()
	cfg := media.Config{Dir: t.TempDir(), S3: testminio.Shared(t)}
	s, err := media.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*media.S3); !ok {
		t.Errorf("New = %T, want *media.S3", s)
	}

	cfg.S3 = media.S3Config{}
	s, err = media.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*media.Disk); !ok {
		t.Errorf("New = %T, want *media.Disk", s)
	}
	s.(*media.Disk).Close()
}
