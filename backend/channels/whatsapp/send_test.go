package whatsapp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

const testRecipient = "+16505551234"

func TestSendPostsDocumentedRequest(t *testing.T) {
	t.Parallel()
	const (
		successID  = "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA"
		templateID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBIyQjM2RTlERTY4QjFGNzUwNDgA"
	)
	msg := func(typ channels.OutboundType) channels.OutboundMessage {
		return channels.OutboundMessage{To: testRecipient, SenderID: testPhoneID, Type: typ}
	}
	text := msg(channels.OutText)
	text.Text = "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/"
	text.PreviewURL = true

	replyMsg := msg(channels.OutText)
	replyMsg.Text = "You're welcome, Pablo!"
	replyMsg.ReplyTo = "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA="

	imageByID := msg(channels.OutImage)
	imageByID.Media = &channels.OutboundMedia{ProviderID: "1013859600285441", Caption: "The best succulent ever?", Filename: "ignored.png"}

	imageByLink := msg(channels.OutImage)
	imageByLink.Media = &channels.OutboundMedia{Link: "https://www.luckyshrub.com/assets/succulents/aloe.png", Caption: "The best succulent ever?"}

	document := msg(channels.OutDocument)
	document.Media = &channels.OutboundMedia{Link: "https://www.example.com/invoices/INV-1001.pdf", Caption: "Your invoice", Filename: "INV-1001.pdf"}

	audio := msg(channels.OutAudio)
	audio.Media = &channels.OutboundMedia{ProviderID: "1013859600285442", Caption: "audio takes no caption", MIME: "audio/ogg"}

	video := msg(channels.OutVideo)
	video.Media = &channels.OutboundMedia{Link: "https://www.example.com/media/demo.mp4", Caption: "Quick demo"}

	named := msg(channels.OutTemplate)
	named.To = "16505551234"
	named.Template = &channels.Template{
		Name:     "welcome_discount_template",
		Language: "en_US",
		Components: []channels.TemplateComponent{
			{Type: "header", Parameters: []channels.TemplateParameter{
				{Type: channels.ParamImage, Media: &channels.OutboundMedia{ProviderID: "1339522734477770"}},
			}},
			{Type: "body", Parameters: []channels.TemplateParameter{
				{Type: channels.ParamText, Name: "first_name", Text: "Jessica"},
				{Type: channels.ParamText, Name: "discount_code", Text: "WELCOME25"},
				{Type: channels.ParamText, Name: "discount_amount", Text: "25%"},
			}},
		},
	}

	positional := msg(channels.OutTemplate)
	positional.To = "16505551234"
	positional.Template = &channels.Template{
		Name:           "order_update",
		Language:       "en_US",
		LanguagePolicy: "deterministic",
		Components: []channels.TemplateComponent{
			{Type: "header", Parameters: []channels.TemplateParameter{
				{Type: channels.ParamDocument, Media: &channels.OutboundMedia{Link: "https://www.example.com/invoices/INV-1001.pdf", Filename: "INV-1001.pdf", Caption: "headers take no caption"}},
			}},
			{Type: "body", Parameters: []channels.TemplateParameter{
				{Type: channels.ParamText, Text: "Pablo"},
				{Type: channels.ParamText, Text: "INV-1001"},
			}},
			{Type: "button", SubType: "quick_reply", Index: 0, Parameters: []channels.TemplateParameter{
				{Type: channels.ParamPayload, Payload: "TRACK_INV-1001"},
			}},
		},
	}

	sticker := msg(channels.OutSticker)
	sticker.Media = &channels.OutboundMedia{ProviderID: "798882015472548", Caption: "stickers take no caption"}

	location := msg(channels.OutLocation)
	location.Location = &channels.Location{Latitude: 37.44216251868683, Longitude: -122.16153582049394, Name: "Philz Coffee", Address: "101 Forest Ave, Palo Alto, CA 94301"}

	tests := []struct {
		name       string
		msg        channels.OutboundMessage
		wantBody   string // a fixture file, or inline JSON when it starts with "{"
		response   string
		wantID     string
		wantStatus string
	}{
		{"text with preview", text, "wa_send_text_request.json", "wa_send_success_response.json", successID, ""},
		{"text reply", replyMsg, "wa_send_text_reply_request.json", "wa_send_success_response.json", successID, ""},
		{"image by id", imageByID, "wa_send_image_by_id_request.json", "wa_send_success_response.json", successID, ""},
		{"image by link", imageByLink, "wa_send_image_by_link_request.json", "wa_send_success_response.json", successID, ""},
		{"document", document, "wa_send_document_request.json", "wa_send_success_response.json", successID, ""},
		{"audio drops caption", audio, "wa_send_audio_request.json", "wa_send_success_response.json", successID, ""},
		{"video", video, "wa_send_video_request.json", "wa_send_success_response.json", successID, ""},
		{"template with named parameters", named, "wa_send_template_request.json", "wa_send_template_success_response.json", templateID, "accepted"},
		{"template with positional parameters", positional, "wa_send_template_positional_request.json", "wa_send_template_success_response.json", templateID, "accepted"},
		{"sticker drops caption", sticker,
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"sticker","sticker":{"id":"798882015472548"}}`,
			"wa_send_success_response.json", successID, ""},
		{"location", location,
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"location","location":{"latitude":37.44216251868683,"longitude":-122.16153582049394,"name":"Philz Coffee","address":"101 Forest Ave, Palo Alto, CA 94301"}}`,
			"wa_send_success_response.json", successID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := []byte(tt.wantBody)
			if tt.wantBody[0] != '{' {
				want = fixture(t, tt.wantBody)
			}
			response := fixture(t, tt.response)
			_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != testVersionPath+"/"+testPhoneID+"/messages" {
					t.Errorf("request %s %s", r.Method, r.URL.Path)
				}
				checkBearer(t, r)
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
				body, _ := io.ReadAll(r.Body)
				if !jsonEqual(t, body, want) {
					t.Errorf("body =\n%s\nwant\n%s", body, want)
				}
				reply(w, http.StatusOK, response)
			})
			res, err := client.Send(context.Background(), creds, tt.msg)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			wantRes := channels.SendResult{ProviderMessageID: tt.wantID, Status: channels.StatusAccepted, ProviderStatus: tt.wantStatus}
			if res != wantRes {
				t.Fatalf("result = %+v, want %+v", res, wantRes)
			}
		})
	}
}

func TestSendClassifiesErrorsByCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		status        int
		body          string // fixture file, or a literal body
		header        http.Header
		wantCode      string
		wantPermanent bool
		wantTitle     string
		wantDetails   string
		wantRetry     time.Duration
	}{
		{"130429 as 429", 429, "wa_error_response_130429.json", nil, "130429", false, "Rate limit hit",
			"Message failed to send because there were too many messages sent from this phone number in a short period of time", 0},
		{"130429 as 400 is still transient", 400, "wa_error_response_130429.json", nil, "130429", false, "Rate limit hit",
			"Message failed to send because there were too many messages sent from this phone number in a short period of time", 0},
		{"130429 with Retry-After", 429, "wa_error_response_130429.json", http.Header{"Retry-After": {"30"}}, "130429", false, "Rate limit hit",
			"Message failed to send because there were too many messages sent from this phone number in a short period of time", 30 * time.Second},
		{"131047 re-engagement", 400, "wa_error_response_131047.json", nil, "131047", true, "Re-engagement message",
			"Message failed to send because more than 24 hours have passed since the customer last replied to this number.", 0},
		{"131056 pair rate limit", 400, "wa_error_response_131056.json", nil, "131056", false, "(Business Account, Consumer Account) pair rate limit hit",
			"Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.", 6 * time.Second},
		{"132000 parameter mismatch", 400, "wa_error_response_132000.json", nil, "132000", true, "Number of parameters does not match the expected number of params",
			"body: number of localizable_params (0) does not match the expected number of params (1)", 0},
		{"190 token expired as 401", 401, "wa_error_response_190.json", nil, "190", true,
			"Error validating access token: Session has expired on Thursday, 10-Dec-15 04:00:00 PST. The current time is Thursday, 10-Dec-15 20:23:54 PST.", "", 0},
		{"190 token expired as 400", 400, "wa_error_response_190.json", nil, "190", true,
			"Error validating access token: Session has expired on Thursday, 10-Dec-15 04:00:00 PST. The current time is Thursday, 10-Dec-15 20:23:54 PST.", "", 0},
		{"131000 generic is transient even as 400", 400, `{"error":{"message":"(#131000) Something went wrong","code":131000}}`, nil, "131000", false, "Something went wrong", "", 0},
		{"unknown code with 500 is transient", 500, `{"error":{"message":"boom","code":999999}}`, nil, "999999", false, "boom", "", 0},
		{"unknown code with 400 is permanent", 400, `{"error":{"message":"nope","code":999999}}`, nil, "999999", true, "nope", "", 0},
		{"5xx without envelope is transient", 502, "<html>Bad Gateway</html>", nil, "", false, "", "", 0},
		{"4xx without envelope is permanent", 404, "not found", nil, "", true, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := []byte(tt.body)
			if tt.body[0] != '{' && tt.body[0] != '<' && tt.body != "not found" {
				body = fixture(t, tt.body)
			}
			_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header()[k] = v
				}
				reply(w, tt.status, body)
			})
			msg := channels.OutboundMessage{To: testRecipient, SenderID: testPhoneID, Type: channels.OutText, Text: "hi"}
			_, err := client.Send(context.Background(), creds, msg)
			se, ok := channels.AsSendError(err)
			if !ok {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.HTTPStatus != tt.status || se.Code != tt.wantCode || se.Permanent != tt.wantPermanent ||
				se.Title != tt.wantTitle || se.Details != tt.wantDetails || se.RetryAfter != tt.wantRetry {
				t.Fatalf("SendError = %+v", se)
			}
			if channels.IsPermanent(err) != tt.wantPermanent || channels.IsTransient(err) == tt.wantPermanent {
				t.Fatalf("IsPermanent/IsTransient disagree with Permanent=%v", tt.wantPermanent)
			}
			if channels.RetryAfter(err) != tt.wantRetry {
				t.Fatalf("RetryAfter = %v", channels.RetryAfter(err))
			}
		})
	}
}

func TestSendRejectsInvalidMessagesWithoutCalling(t *testing.T) {
	t.Parallel()
	_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s", r.URL.Path)
	})
	ok := channels.OutboundMessage{To: testRecipient, SenderID: testPhoneID, Type: channels.OutText, Text: "hi"}
	with := func(edit func(*channels.OutboundMessage)) channels.OutboundMessage {
		m := ok
		edit(&m)
		return m
	}
	tests := []struct {
		name  string
		creds channels.Credentials
		msg   channels.OutboundMessage
		want  error
	}{
		{"no token", channels.Credentials{BaseURL: creds.BaseURL}, ok, channels.ErrMissingCredentials},
		{"no recipient", creds, with(func(m *channels.OutboundMessage) { m.To = "" }), channels.ErrInvalidMessage},
		{"no sender", creds, with(func(m *channels.OutboundMessage) { m.SenderID = "" }), channels.ErrInvalidMessage},
		{"empty text", creds, with(func(m *channels.OutboundMessage) { m.Text = "" }), channels.ErrInvalidMessage},
		{"unknown type", creds, with(func(m *channels.OutboundMessage) { m.Type = "carousel" }), channels.ErrInvalidMessage},
		{"media missing", creds, with(func(m *channels.OutboundMessage) { m.Type = channels.OutImage }), channels.ErrInvalidMessage},
		{"media with id and link", creds, with(func(m *channels.OutboundMessage) {
			m.Type, m.Media = channels.OutImage, &channels.OutboundMedia{ProviderID: "1", Link: "https://x"}
		}), channels.ErrInvalidMessage},
		{"media with neither", creds, with(func(m *channels.OutboundMessage) {
			m.Type, m.Media = channels.OutVideo, &channels.OutboundMedia{Caption: "x"}
		}), channels.ErrInvalidMessage},
		{"template missing", creds, with(func(m *channels.OutboundMessage) { m.Type = channels.OutTemplate }), channels.ErrInvalidMessage},
		{"template header without media", creds, with(func(m *channels.OutboundMessage) {
			m.Type, m.Template = channels.OutTemplate, &channels.Template{Name: "t", Language: "en", Components: []channels.TemplateComponent{
				{Type: "header", Parameters: []channels.TemplateParameter{{Type: channels.ParamImage}}},
			}}
		}), channels.ErrInvalidMessage},
		{"location missing", creds, with(func(m *channels.OutboundMessage) { m.Type = channels.OutLocation }), channels.ErrInvalidMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := client.Send(context.Background(), tt.creds, tt.msg)
			if !errors.Is(err, tt.want) || !channels.IsPermanent(err) {
				t.Fatalf("err = %v, want permanent %v", err, tt.want)
			}
		})
	}
}

func TestSendTransportFailuresAreTransient(t *testing.T) {
	t.Parallel()
	msg := channels.OutboundMessage{To: testRecipient, SenderID: testPhoneID, Type: channels.OutText, Text: "hi"}

	t.Run("server unreachable", func(t *testing.T) {
		t.Parallel()
		srv, client, creds := newServer(t, func(http.ResponseWriter, *http.Request) {})
		srv.Close()
		_, err := client.Send(context.Background(), creds, msg)
		if se, ok := channels.AsSendError(err); !ok || se.Err == nil || !channels.IsTransient(err) {
			t.Fatalf("err = %v, want transient transport SendError", err)
		}
	})

	t.Run("caller cancels", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			hang(r)
		})
		_, err := client.Send(ctx, creds, msg)
		if !errors.Is(err, context.Canceled) || !channels.IsTransient(err) {
			t.Fatalf("err = %v, want transient context.Canceled", err)
		}
	})

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		srv, _, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			hang(r)
		})
		client := whatsapp.NewClient(whatsapp.Config{HTTPClient: srv.Client(), Timeout: 50 * time.Millisecond})
		start := time.Now()
		_, err := client.Send(context.Background(), creds, msg)
		if !errors.Is(err, context.DeadlineExceeded) || !channels.IsTransient(err) {
			t.Fatalf("err = %v, want transient deadline exceeded", err)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Fatalf("timeout took %v", elapsed)
		}
	})
}

func TestSendWithoutMessageIDIsPermanent(t *testing.T) {
	t.Parallel()
	_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, []byte(`{"messaging_product":"whatsapp","messages":[]}`))
	})
	msg := channels.OutboundMessage{To: testRecipient, SenderID: testPhoneID, Type: channels.OutText, Text: "hi"}
	if _, err := client.Send(context.Background(), creds, msg); !channels.IsPermanent(err) {
		t.Fatalf("err = %v, want permanent (a resend could duplicate)", err)
	}
}

func TestClientKind(t *testing.T) {
	t.Parallel()
	var a channels.Adapter = whatsapp.NewClient(whatsapp.Config{})
	if a.Kind() != "whatsapp" {
		t.Fatalf("Kind = %q", a.Kind())
	}
}

// hang stalls a handler until the client goes away (bounded, so a broken
// client cannot wedge the test server's Close).
func hang(r *http.Request) {
	// The server notices a closed connection only once the body is read.
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}
