package whatsapp_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

const (
	testToken       = "test-token"
	testPhoneID     = "106540352242922"
	testWABAID      = "102290129340398"
	testVersionPath = "/v21.0"
)

// fixture returns the exact bytes of testdata/name.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// newServer starts a local Graph API stand-in and returns a client and
// credentials pointing at it.
func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *whatsapp.Client, channels.Credentials) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	creds := channels.Credentials{
		AccessToken: testToken,
		WABAID:      testWABAID,
		BaseURL:     srv.URL + testVersionPath,
	}
	return srv, whatsapp.NewClient(whatsapp.Config{HTTPClient: srv.Client()}), creds
}

// checkBearer fails the test unless r carries the test token.
func checkBearer(t *testing.T, r *http.Request) {
	t.Helper()
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q, want bearer token", got)
	}
}

// reply writes body as a JSON response with the given status.
func reply(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(t *testing.T, got, want []byte) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v\n%s", err, want)
	}
	return reflect.DeepEqual(g, w)
}
