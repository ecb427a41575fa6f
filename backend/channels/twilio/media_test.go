package twilio

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestFetchMediaWithAuthFollowingRedirect(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", func(w http.ResponseWriter, r *http.Request) {
		if user, pass, ok := r.BasicAuth(); !ok || user != testCreds.AccountSID || pass != testCreds.AuthToken {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, "/storage/ME1.jpg", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/storage/ME1.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte("\xff\xd8jpeg bytes"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	client := &Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
	body, ct, err := client.FetchMedia(context.Background(), testCreds, srv.URL+"/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	data, _ := io.ReadAll(body)
	if ct != "image/jpeg" || string(data) != "\xff\xd8jpeg bytes" {
		t.Errorf("got %q, %q", ct, data)
	}
}

func TestFetchMediaErrorStatus(t *testing.T) {
	tests := []struct {
		status    int
		temporary bool
	}{
		{http.StatusNotFound, false},
		{http.StatusUnauthorized, false},
		{http.StatusTooManyRequests, true},
		{http.StatusBadGateway, true},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tt.status)
		}))
		client := &Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
		_, _, err := client.FetchMedia(context.Background(), testCreds, srv.URL+"/m")
		var me *MediaError
		if !errors.As(err, &me) || me.StatusCode != tt.status || me.Temporary() != tt.temporary {
			t.Errorf("status %d: err = %v", tt.status, err)
		}
		srv.Close()
	}
}

func TestFetchMediaSendsCredentialsOnlyToTrustedHosts(t *testing.T) {
	var gotAuth bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _, gotAuth = r.BasicAuth()
		w.Write([]byte("x"))
	}))
	defer srv.Close()

	// The API host is elsewhere, so this server is an untrusted media host.
	client := &Client{BaseURL: "https://api.twilio.com", HTTPClient: srv.Client()}
	body, _, err := client.FetchMedia(context.Background(), testCreds, srv.URL+"/m")
	if err != nil {
		t.Fatal(err)
	}
	body.Close()
	if gotAuth {
		t.Errorf("credentials sent to a host that is neither the API host nor twilio.com")
	}

	trusted := []string{
		"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
		"https://media.twiliocdn.twilio.com/x",
	}
	for _, raw := range trusted {
		u, _ := url.Parse(raw)
		if !client.trustedMediaHost(u) {
			t.Errorf("%s not trusted", raw)
		}
	}
	untrusted := []string{
		"http://api.twilio.com/x", // never over plain HTTP
		"https://api.twilio.com.evil.example/x",
		"https://eviltwilio.com/x",
	}
	for _, raw := range untrusted {
		u, _ := url.Parse(raw)
		if client.trustedMediaHost(u) {
			t.Errorf("%s trusted", raw)
		}
	}
}
