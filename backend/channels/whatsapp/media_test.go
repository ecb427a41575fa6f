package whatsapp_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

func TestUploadMediaSendsMultipartForm(t *testing.T) {
	t.Parallel()
	content := []byte("\xff\xd8\xff\xe0 not really a jpeg")
	tests := []struct {
		name       string
		reader     io.Reader
		wantLength bool
	}{
		{"sized reader gets Content-Length", bytes.NewReader(content), true},
		{"unsized reader is streamed", io.MultiReader(bytes.NewReader(content)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != testVersionPath+"/"+testPhoneID+"/media" {
					t.Errorf("request %s %s", r.Method, r.URL.Path)
				}
				checkBearer(t, r)
				if got := r.ContentLength > 0; got != tt.wantLength {
					t.Errorf("ContentLength = %d", r.ContentLength)
				}
				if err := r.ParseMultipartForm(1 << 20); err != nil {
					t.Errorf("ParseMultipartForm: %v", err)
					return
				}
				if r.FormValue("messaging_product") != "whatsapp" || r.FormValue("type") != "image/jpeg" {
					t.Errorf("fields = %v", r.MultipartForm.Value)
				}
				f, h, err := r.FormFile("file")
				if err != nil {
					t.Errorf("file part: %v", err)
					return
				}
				got, _ := io.ReadAll(f)
				if !bytes.Equal(got, content) || h.Filename != "photo.jpg" || h.Header.Get("Content-Type") != "image/jpeg" {
					t.Errorf("file part %q (%s, %s)", got, h.Filename, h.Header.Get("Content-Type"))
				}
				reply(w, http.StatusOK, fixture(t, "wa_media_upload_response.json"))
			})
			id, err := client.UploadMedia(context.Background(), creds, testPhoneID, "photo.jpg", "image/jpeg", tt.reader)
			if err != nil || id != "1037543291543636" {
				t.Fatalf("UploadMedia = %q, %v", id, err)
			}
		})
	}
}

func TestUploadMediaReportsProviderError(t *testing.T) {
	t.Parallel()
	_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusUnauthorized, fixture(t, "wa_error_response_190.json"))
	})
	_, err := client.UploadMedia(context.Background(), creds, testPhoneID, "a.pdf", "application/pdf", strings.NewReader("%PDF"))
	if se, ok := channels.AsSendError(err); !ok || se.Code != "190" || !se.Permanent {
		t.Fatalf("err = %v", err)
	}
}

// mediaServer serves GET /{version}/{media-id} (the documented media URL
// response, pointed back at itself) and the downloads. Download attempts
// listed in notFound answer 404.
type mediaServer struct {
	resolves  atomic.Int32
	downloads atomic.Int32
	notFound  map[int32]bool
	forbidden bool // the webhook-supplied URL answers 403
}

const (
	testMediaID  = "2621233374848975"
	mediaContent = "jpeg bytes"
)

func (ms *mediaServer) start(t *testing.T) (string, *whatsapp.Client, channels.Credentials) {
	t.Helper()
	var base string // known once the server runs; read by the handler
	srv, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		checkBearer(t, r)
		switch r.URL.Path {
		case testVersionPath + "/" + testMediaID:
			n := ms.resolves.Add(1)
			body := bytes.ReplaceAll(fixture(t, "wa_media_url_response.json"),
				[]byte("https://lookaside.fbsbx.com/whatsapp_business/attachments/"),
				[]byte(base+"/download/"+string(rune('0'+n))+"/"))
			reply(w, http.StatusOK, body)
		case "/webhook-url":
			ms.downloads.Add(1)
			if ms.forbidden {
				http.Error(w, "expired", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = io.WriteString(w, mediaContent)
		default:
			// Always the most recently resolved URL.
			latest := "/download/" + string(rune('0'+ms.resolves.Load())) + "/"
			if r.URL.Path != latest || r.URL.Query().Get("mid") != testMediaID {
				t.Errorf("download from %s, want %s", r.URL, latest)
			}
			if n := ms.downloads.Add(1); ms.notFound[n] {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = io.WriteString(w, mediaContent)
		}
	})
	base = srv.URL
	return base, client, creds
}

func TestFetchMedia(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		notFound      map[int32]bool
		forbidden     bool
		webhookURL    bool
		wantErrStatus int
		wantResolves  int32
		wantDownloads int32
	}{
		{name: "resolves then downloads", wantResolves: 1, wantDownloads: 1},
		{name: "404 fetches a fresh URL once", notFound: map[int32]bool{1: true}, wantResolves: 2, wantDownloads: 2},
		{name: "second 404 gives up", notFound: map[int32]bool{1: true, 2: true}, wantErrStatus: 404, wantResolves: 2, wantDownloads: 2},
		{name: "webhook URL used directly", webhookURL: true, wantResolves: 0, wantDownloads: 1},
		{name: "expired webhook URL is refreshed", forbidden: true, webhookURL: true, wantResolves: 1, wantDownloads: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ms := &mediaServer{notFound: tt.notFound, forbidden: tt.forbidden}
			base, client, creds := ms.start(t)
			ref := channels.MediaRef{ProviderID: testMediaID, MIMEType: "image/jpeg"}
			if tt.webhookURL {
				ref.URL = base + "/webhook-url"
			}
			body, contentType, size, err := client.FetchMedia(context.Background(), creds, ref)
			if ms.resolves.Load() != tt.wantResolves || ms.downloads.Load() != tt.wantDownloads {
				t.Errorf("resolves %d, downloads %d; want %d, %d", ms.resolves.Load(), ms.downloads.Load(), tt.wantResolves, tt.wantDownloads)
			}
			if tt.wantErrStatus != 0 {
				se, ok := channels.AsSendError(err)
				if !ok || se.HTTPStatus != tt.wantErrStatus || !se.Permanent {
					t.Fatalf("err = %v, want permanent HTTP %d", err, tt.wantErrStatus)
				}
				return
			}
			if err != nil {
				t.Fatalf("FetchMedia: %v", err)
			}
			defer body.Close()
			got, err := io.ReadAll(body)
			if err != nil || string(got) != mediaContent || contentType != "image/jpeg" || size != int64(len(mediaContent)) {
				t.Fatalf("FetchMedia = %q (%v), %q, %d", got, err, contentType, size)
			}
		})
	}
}

func TestFetchMediaReportsResolveError(t *testing.T) {
	t.Parallel()
	_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusBadRequest, []byte(`{"error":{"message":"(#100) Invalid parameter","code":100}}`))
	})
	_, _, _, err := client.FetchMedia(context.Background(), creds, channels.MediaRef{ProviderID: "nope"})
	if se, ok := channels.AsSendError(err); !ok || se.Code != "100" || !se.Permanent {
		t.Fatalf("err = %v", err)
	}
}
