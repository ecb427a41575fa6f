package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// uploadCampaignMedia posts one file to POST /api/campaigns/media.
func (f *fixture) uploadCampaignMedia(token, filename, contentType string, data []byte) response {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
	h.Set("Content-Type", contentType)
	part, _ := w.CreatePart(h)
	_, _ = part.Write(data)
	_ = w.Close()
	return f.doWith(http.DefaultClient, "POST", "/api/campaigns/media", token, body.String(),
		map[string]string{"Content-Type": w.FormDataContentType()})
}

// An MMS campaign: the uploaded file reaches Twilio as a MediaUrl, that
// link serves the file, and the session's conversation shows it.
func TestCampaignMMSSendsTheUploadedFileByPublicLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tw := newTwilioStandIn(t)
	ch := f.createSMSChannel(tw.srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); f.srv.CampaignEngine.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	var senderID int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM channel_senders WHERE channel_id = ?", ch).Scan(ctx, &senderID); err != nil {
		t.Fatal(err)
	}

	jpeg := []byte("\xff\xd8\xff\xe0 spring sale")
	if res := f.uploadCampaignMedia(f.tokens["supervisor"], "sale.jpg", "image/jpeg", jpeg); res.Status != http.StatusForbidden {
		t.Errorf("a supervisor uploaded campaign media: %d", res.Status)
	}
	res := f.uploadCampaignMedia(f.tokens[cmgr], "sale.jpg", "image/jpeg", jpeg)
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	var m struct {
		ID       string `json:"id"`
		MIME     string `json:"mime"`
		Size     int64  `json:"size"`
		Filename string `json:"filename"`
	}
	res.json(t, &m)
	if m.ID == "" || m.MIME != "image/jpeg" || m.Size != int64(len(jpeg)) || m.Filename != "sale.jpg" {
		t.Fatalf("upload answered %+v", m)
	}

	res = f.do("POST", "/api/campaigns", f.tokens[cmgr], mustJSON(map[string]any{
		"name": "Spring MMS", "channel_id": ch, "sender_id": senderID,
		"recipients": map[string]any{"numbers": []string{"+14017122661"}},
		"content":    map[string]any{"body": "Our spring sale", "media_id": m.ID},
		"mode":       "session",
	}))
	if res.Status != http.StatusCreated {
		t.Fatalf("create campaign: %d %s", res.Status, res.Body)
	}
	var c struct {
		ID int64 `json:"id"`
	}
	res.json(t, &c)
	var messageID *int64
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && messageID == nil {
		time.Sleep(50 * time.Millisecond)
		if err := f.srv.DB.Bun.NewRaw("SELECT message_id FROM campaign_recipients WHERE campaign_id = ?", c.ID).Scan(ctx, &messageID); err != nil {
			t.Fatal(err)
		}
	}
	if messageID == nil {
		t.Fatal("no session message was kept")
	}
	if msg := f.message("id = ?", *messageID); msg.Kind != "image" || msg.Media == nil || msg.Media.Filename != "sale.jpg" ||
		msg.Media.Caption != "Our spring sale" {
		t.Errorf("the conversation keeps %s %+v", msg.Kind, msg.Media)
	}
	sent := tw.sent()
	if len(sent) != 1 {
		t.Fatalf("%d sends at the provider", len(sent))
	}
	link := sent[0].Get("MediaUrl")
	path, ok := strings.CutPrefix(link, "http://127.0.0.1/media/")
	if !ok || sent[0].Get("Body") != "Our spring sale" {
		t.Fatalf("sent %v", sent[0])
	}
	got, err := http.Get(f.http.URL + "/media/" + path)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	body, _ := io.ReadAll(got.Body)
	if got.StatusCode != http.StatusOK || !bytes.Equal(body, jpeg) || got.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("the MMS link answered %d %q %q", got.StatusCode, got.Header.Get("Content-Type"), body)
	}
	if res := f.do("GET", "/media/"+path+"x", "", ""); res.Status != http.StatusNotFound {
		t.Errorf("a wrong token answered %d", res.Status)
	}
}
