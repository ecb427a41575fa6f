package campaigns

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/inbox"
	"switchboard/backend/media"
)

func storeMedia(t *testing.T, svc *Service, accountID int64, name, mimeType string, data []byte) string {
	t.Helper()
	m, err := svc.StoreMedia(context.Background(), accountID, Actor{}, name, mimeType, int64(len(data)), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestCampaignMediaMustBeTheAccountsAndFitTheChannel(t *testing.T) {
	b := setup(t)
	store, err := media.NewDisk(t.TempDir())
	must(t, err)
	b.svc.media.store = store
	other := b.id(`INSERT INTO accounts (name) VALUES ('B') RETURNING id`)
	png := storeMedia(t, b.svc, b.account, "sale.png", "image/png", []byte("\x89PNG sale"))
	foreign := storeMedia(t, b.svc, other, "theirs.png", "image/png", []byte("\x89PNG theirs"))
	bigVideo := storeMedia(t, b.svc, b.account, "clip.mp4", "video/mp4", make([]byte, 600<<10)) // MMS video: ≤ 500 KB
	pdf := storeMedia(t, b.svc, b.account, "menu.pdf", "application/pdf", []byte("%PDF-1.4"))
	imageHeader := b.id(`INSERT INTO whatsapp_templates (account_id, channel_id, name, language, status, parameter_format, components)
		VALUES (?, ?, 'promo', 'de', 'APPROVED', 'POSITIONAL', '[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Neu!"}]') RETURNING id`,
		b.account, b.wa)

	var ae *apperror.Error
	if _, err := b.svc.StoreMedia(context.Background(), b.account, Actor{}, "run.exe", "application/x-msdownload", 2,
		bytes.NewReader([]byte("MZ"))); !errors.As(err, &ae) || ae.Code != "unsupported_media" {
		t.Errorf("an executable was stored: %v", err)
	}
	for _, tc := range []struct {
		name    string
		channel string
		content Content
		problem bool
	}{
		{"an MMS image", "sms", Content{Body: "Sale!", MediaID: png}, false},
		{"an MMS without text", "sms", Content{MediaID: png}, false},
		{"another account's file", "sms", Content{Body: "Sale!", MediaID: foreign}, true},
		{"no such file", "sms", Content{Body: "Sale!", MediaID: "999999"}, true},
		{"a video over the MMS limit", "sms", Content{Body: "Clip", MediaID: bigVideo}, true},
		{"an image header", "wa", Content{TemplateID: imageHeader, MediaID: png}, false},
		{"a document in an image header", "wa", Content{TemplateID: imageHeader, MediaID: pdf}, true},
		{"media for a header that takes none", "wa", Content{TemplateID: b.template, MediaID: png}, true},
	} {
		in := b.smsInput(b.senderA, "+436641234567")
		if tc.channel == "wa" {
			in.ChannelID, in.SenderID = b.wa, b.waSender
		}
		in.Content, in.Draft = tc.content, true
		_, err := b.svc.Create(context.Background(), b.account, in, Actor{})
		var ae *apperror.Error
		switch {
		case tc.problem && !(errors.As(err, &ae) && ae.Fields["content.media_id"] != ""):
			t.Errorf("%s: want a content.media_id problem, got %v", tc.name, err)
		case !tc.problem && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// graphSend is the part of a Graph API send the header tests read.
type graphSend struct {
	Template struct {
		Components []struct {
			Type       string            `json:"type"`
			Parameters []json.RawMessage `json:"parameters"`
		} `json:"components"`
	} `json:"template"`
}

func (f *engineFixture) headerParameters(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range f.stub.Requests() {
		var s graphSend
		must(t, json.Unmarshal(r.Body, &s))
		for _, c := range s.Template.Components {
			if c.Type == "header" && len(c.Parameters) == 1 {
				out = append(out, string(c.Parameters[0]))
			}
		}
	}
	return out
}

func (f *engineFixture) template(t *testing.T, name, components string) int64 {
	var id int64
	must(t, f.db.Bun.NewRaw(`INSERT INTO whatsapp_templates (account_id, channel_id, name, language, status, parameter_format, components)
		VALUES (?, ?, ?, 'de', 'APPROVED', 'POSITIONAL', ?::jsonb) RETURNING id`, f.accountID, f.channelID, name, components).
		Scan(context.Background(), &id))
	return id
}

func TestWhatsAppHeaderImageIsUploadedOnceAndSentAsTheHeader(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 50)
	f.stub.Record = true
	store, err := media.NewDisk(t.TempDir())
	must(t, err)
	svc := NewService(Config{DB: f.db.Bun, Media: store})
	id := storeMedia(t, svc, f.accountID, "sale.jpg", "image/jpeg", []byte("jpeg sale"))
	tpl := f.template(t, "promo", `[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Neu bei uns!"}]`)
	c := f.campaign(t, 3, ModeDirect, fmt.Sprintf(`{"template_id":%d,"media_id":%q}`, tpl, id))
	f.start(t, EngineConfig{Media: store})
	f.waitStatus(t, c, StatusCompleted, 10*time.Second)

	if n := f.stub.Uploads(); n != 1 {
		t.Errorf("the header image was uploaded %d times, want once for the campaign", n)
	}
	headers := f.headerParameters(t)
	if len(headers) != 3 {
		t.Fatalf("%d sends carry a header, want 3: %v", len(headers), headers)
	}
	for _, h := range headers {
		if h != `{"type":"image","image":{"id":"stubmedia1"}}` {
			t.Errorf("header parameter %s", h)
		}
	}
	var cached string
	must(t, f.db.Bun.NewRaw("SELECT provider_ids->?->>'id' FROM campaign_media WHERE id = ?::bigint", fmt.Sprint(f.senderID), id).
		Scan(context.Background(), &cached))
	if cached != "stubmedia1" {
		t.Errorf("provider media id kept as %q", cached)
	}
}

func TestWhatsAppLocationHeaderIsSentAsTheHeaderParameter(t *testing.T) {
	t.Parallel()
	f := newEngineFixture(t, inbox.KindWhatsApp, 50)
	f.stub.Record = true
	tpl := f.template(t, "store_opening", `[{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"Wir eröffnen!"}]`)
	c := f.campaign(t, 2, ModeDirect, fmt.Sprintf(`{"template_id":%d,"location":{"name":"Filiale Mitte",
		"address":"Mariahilfer Straße 1, 1060 Wien","latitude":48.2006,"longitude":16.3546}}`, tpl))
	f.start(t, EngineConfig{})
	f.waitStatus(t, c, StatusCompleted, 10*time.Second)

	headers := f.headerParameters(t)
	if len(headers) != 2 {
		t.Fatalf("%d sends carry a header, want 2: %v", len(headers), headers)
	}
	want := `{"type":"location","location":{"latitude":48.2006,"longitude":16.3546,"name":"Filiale Mitte","address":"Mariahilfer Straße 1, 1060 Wien"}}`
	for _, h := range headers {
		if h != want {
			t.Errorf("header parameter %s\nwant %s", h, want)
		}
	}
}
