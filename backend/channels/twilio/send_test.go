package twilio

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

var testCreds = Credentials{
	AccountSID:          "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	AuthToken:           "secret-token",
	MessagingServiceSID: "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
}

// apiServer is a stand-in for the Messaging API: it checks the request
// envelope, records the form, and answers with status and body.
func apiServer(t *testing.T, status int, body []byte, header http.Header) (*Client, *url.Values) {
	t.Helper()
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			t.Errorf("method = %s, want POST", r.Method)
		}
		if want := "/2010-04-01/Accounts/" + testCreds.AccountSID + "/Messages.json"; r.URL.Path != want {
			t.Errorf("path = %s, want %s", r.URL.Path, want)
		}
		if user, pass, ok := r.BasicAuth(); !ok || user != testCreds.AccountSID || pass != testCreds.AuthToken {
			t.Errorf("basic auth = %q, %q, %v", user, pass, ok)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", ct)
		}
		raw, _ := io.ReadAll(r.Body)
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			t.Errorf("request body %q: %v", raw, err)
		}
		got = form
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return &Client{BaseURL: srv.URL + "/", HTTPClient: srv.Client()}, &got
}

func TestSendPostsTheDocumentedForm(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		msg     Message
	}{
		{"from number", "twilio_send_request.form.txt", Message{
			To: "+15558675310", From: "+15017122661",
			Body:           "McAvoy or Stewart? These timelines can get so confusing.",
			StatusCallback: "https://example.com/MessageStatus",
		}},
		{"MMS through a messaging service", "twilio_send_request_mms_service.form.txt", Message{
			To: "+15558675310", Body: "Here is your receipt",
			MediaURLs:      []string{"https://example.com/receipt.png"},
			StatusCallback: "https://example.com/MessageStatus",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, got := apiServer(t, http.StatusCreated, readFixture(t, "twilio_send_response.json"), nil)
			res, err := client.Send(context.Background(), testCreds, tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if want := readForm(t, tt.fixture); !reflect.DeepEqual(*got, want) {
				t.Errorf("request form =\n%v\nwant\n%v", *got, want)
			}
			want := SendResult{SID: "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", State: StateQueued, NumSegments: 1}
			if res != want {
				t.Errorf("result = %+v, want %+v", res, want)
			}
		})
	}
}

func TestSendRepeatsMediaURL(t *testing.T) {
	client, got := apiServer(t, http.StatusCreated, readFixture(t, "twilio_send_response.json"), nil)
	urls := make([]string, MaxMediaURLs)
	for i := range urls {
		urls[i] = "https://example.com/" + string(rune('a'+i)) + ".png"
	}
	if _, err := client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", MediaURLs: urls}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual((*got)["MediaUrl"], urls) {
		t.Errorf("MediaUrl = %v, want %v", (*got)["MediaUrl"], urls)
	}
	if _, ok := (*got)["Body"]; ok {
		t.Errorf("empty Body was sent")
	}
}

func TestSendParsesMessagingServiceAcceptance(t *testing.T) {
	body := []byte(`{"sid":"SMbbb","status":"accepted","num_segments":"0","messaging_service_sid":"MGaaa"}`)
	client, _ := apiServer(t, http.StatusCreated, body, nil)
	res, err := client.Send(context.Background(), testCreds, Message{To: "+1", Body: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (SendResult{SID: "SMbbb", State: StateAccepted}); res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
}

func TestSendClassifiesErrorFixtures(t *testing.T) {
	tests := []struct {
		fixture  string
		code     int
		optedOut bool
	}{
		{"twilio_error_21211.json", 21211, false},
		{"twilio_error_21610.json", 21610, true},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			client, _ := apiServer(t, http.StatusBadRequest, readFixture(t, tt.fixture), nil)
			_, err := client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: "hi"})
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.Code != tt.code || se.HTTPStatus != 400 || !se.Permanent || se.OptedOut != tt.optedOut || se.MaybeSent {
				t.Errorf("SendError = %+v", se)
			}
			if se.Message == "" || !strings.HasPrefix(se.MoreInfo, "https://www.twilio.com/docs/errors/") {
				t.Errorf("message/more_info not parsed: %+v", se)
			}
		})
	}
}

func TestSendClassifiesHTTPErrors(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		header     http.Header
		permanent  bool
		maybeSent  bool
		retryAfter time.Duration
	}{
		{"429 is transient with back-off", 429, `{"code":20429,"message":"Too Many Requests","status":429}`,
			http.Header{"Retry-After": {"7"}}, false, false, 7 * time.Second},
		{"500 is transient and maybe sent", 500, `{"code":20500,"message":"Internal Server Error","status":500}`, nil, false, true, 0},
		{"503 without a JSON body", 503, `<html>unavailable</html>`, nil, false, true, 0},
		{"401 bad credentials is permanent", 401, `{"code":20003,"message":"Authenticate","status":401}`, nil, true, false, 0},
		{"delivery failure code is permanent", 400, `{"code":30007,"message":"filtered","status":400}`, nil, true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := apiServer(t, tt.status, []byte(tt.body), tt.header)
			_, err := client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: "hi"})
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.Permanent != tt.permanent || se.MaybeSent != tt.maybeSent || se.RetryAfter != tt.retryAfter || se.HTTPStatus != tt.status {
				t.Errorf("SendError = %+v", se)
			}
		})
	}
}

func TestSendUnreadableSuccessIsMaybeSent(t *testing.T) {
	client, _ := apiServer(t, http.StatusCreated, []byte(`not json`), nil)
	_, err := client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: "hi"})
	var se *SendError
	if !errors.As(err, &se) || se.Permanent || !se.MaybeSent {
		t.Errorf("err = %+v, want transient, maybe sent", err)
	}
}

func TestSendNetworkErrors(t *testing.T) {
	t.Run("connection refused was not sent", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		client := &Client{BaseURL: "http://" + addr}
		_, err = client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: "hi"})
		var se *SendError
		if !errors.As(err, &se) || se.Permanent || se.MaybeSent || se.Err == nil {
			t.Errorf("err = %+v, want transient, not sent", err)
		}
	})
	t.Run("dropped connection may have been sent", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.ReadAll(r.Body)
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}))
		defer srv.Close()
		client := &Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
		_, err := client.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: "hi"})
		var se *SendError
		if !errors.As(err, &se) || se.Permanent || !se.MaybeSent {
			t.Errorf("err = %+v, want transient, maybe sent", err)
		}
	})
	t.Run("cancelled context is not sent", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		client := &Client{BaseURL: "http://127.0.0.1:1"}
		_, err := client.Send(ctx, testCreds, Message{To: "+1", From: "+2", Body: "hi"})
		var se *SendError
		if !errors.As(err, &se) || se.MaybeSent || !errors.Is(err, context.Canceled) {
			t.Errorf("err = %+v, want not sent, wrapping context.Canceled", err)
		}
	})
}

func TestSendValidatesBeforeSending(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request made for an invalid message")
	}))
	defer srv.Close()
	client := &Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
	noService := testCreds
	noService.MessagingServiceSID = ""

	tests := []struct {
		name  string
		creds Credentials
		msg   Message
	}{
		{"body over 1600 characters", testCreds, Message{To: "+1", From: "+2", Body: strings.Repeat("ä", MaxBodyChars+1)}},
		{"more than 10 media URLs", testCreds, Message{To: "+1", From: "+2", MediaURLs: make11URLs()}},
		{"no sender", noService, Message{To: "+1", Body: "hi"}},
		{"no recipient", testCreds, Message{From: "+2", Body: "hi"}},
		{"nothing to send", testCreds, Message{To: "+1", From: "+2"}},
		{"empty media URL", testCreds, Message{To: "+1", From: "+2", MediaURLs: []string{""}}},
		{"no credentials", Credentials{}, Message{To: "+1", From: "+2", Body: "hi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.Send(context.Background(), tt.creds, tt.msg)
			var se *SendError
			if !errors.As(err, &se) || !se.Permanent || se.MaybeSent || !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("err = %+v, want permanent ErrInvalidMessage", err)
			}
		})
	}

	// 1600 characters exactly is allowed, counted as characters, not bytes.
	ok, _ := apiServer(t, http.StatusCreated, readFixture(t, "twilio_send_response.json"), nil)
	if _, err := ok.Send(context.Background(), testCreds, Message{To: "+1", From: "+2", Body: strings.Repeat("ä", MaxBodyChars)}); err != nil {
		t.Errorf("1600-character body rejected: %v", err)
	}
}

func make11URLs() []string {
	urls := make([]string, MaxMediaURLs+1)
	for i := range urls {
		urls[i] = "https://example.com/x.png"
	}
	return urls
}
