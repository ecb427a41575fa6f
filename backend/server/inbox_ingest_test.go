package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestWhatsAppFixturesAreStoredOnceThroughTheWebhook(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	// Meta's image example reuses the text example's wamid, so on one channel
	// it is (rightly) a duplicate; it goes to a second channel.
	imageCh := f.createWhatsAppChannel("http://127.0.0.1:1")
	fixtures := []string{"wa_inbound_text.json", "wa_inbound_image.json", "wa_inbound_location.json",
		"wa_inbound_interactive_button_reply.json", "wa_inbound_text_reply_context.json", "wa_inbound_batch_mixed.json"}
	channelFor := func(name string) int64 {
		if name == "wa_inbound_image.json" {
			return imageCh
		}
		return ch
	}
	for _, name := range fixtures {
		body := fixtureFile(t, name)
		ch := channelFor(name)
		for i := 0; i < 2; i++ { // providers deliver at least once
			if res := f.postWebhook(ch, body, ""); res.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", name, res.Status, res.Body)
			}
		}
	}
	if got := f.count("webhook_events", "processed_at IS NULL"); got != 2*len(fixtures) {
		t.Fatalf("stored webhooks = %d, want %d (stored before acknowledging)", got, 2*len(fixtures))
	}
	f.processAll()
	// Replaying everything again changes nothing.
	for _, name := range fixtures {
		f.postWebhook(channelFor(name), fixtureFile(t, name), "")
	}
	f.processAll()

	var distinct int
	err := f.srv.DB.Bun.NewRaw("SELECT count(DISTINCT (channel_id, provider_message_id)) FROM messages").Scan(t.Context(), &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if total := f.count("messages", "TRUE"); total != distinct || total == 0 {
		t.Fatalf("messages = %d, distinct provider ids = %d", total, distinct)
	}
	if n := f.count("webhook_events", "processed_at IS NULL"); n != 0 {
		var errs []string
		_ = f.srv.DB.Bun.NewSelect().TableExpr("webhook_events").Column("last_error").Where("processed_at IS NULL").Scan(t.Context(), &errs)
		t.Fatalf("%d webhooks left unprocessed: %v", n, errs)
	}

	text := f.message("channel_id = ? AND provider_message_id = ?", ch, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
	if text.Kind != "text" || text.Body != "Does it come in another color?" || text.Direction != "in" {
		t.Errorf("text message = %+v", text)
	}
	image := f.message("kind = 'image' AND channel_id = ?", imageCh)
	if image.Media == nil || image.Media.State != "pending" || image.Media.ProviderID == "" {
		t.Errorf("image media = %+v, want pending download", image.Media)
	}
	loc := f.message("kind = 'location'")
	if loc.Location == nil || loc.Location.Latitude == 0 || loc.Location.Longitude == 0 {
		t.Errorf("location = %+v", loc.Location)
	}
	inter := f.message("kind IN ('interactive', 'button')")
	if inter.Body == "" {
		t.Errorf("interactive reply has no title: %+v", inter)
	}
	reply := f.message("reply_to_provider_id IS NOT NULL AND kind = 'text'")
	if reply.ReplyToProviderID == nil {
		t.Errorf("reply context lost")
	}

	// One contact per sender, one open conversation per contact and number.
	var perContact []struct {
		ContactID int64 `bun:"contact_id"`
		N         int   `bun:"n"`
	}
	if err := f.srv.DB.Bun.NewRaw("SELECT contact_id, count(*) AS n FROM conversations GROUP BY contact_id, channel_id, sender_id").Scan(t.Context(), &perContact); err != nil {
		t.Fatal(err)
	}
	for _, pc := range perContact {
		if pc.N != 1 {
			t.Errorf("contact %d has %d conversations", pc.ContactID, pc.N)
		}
	}
	if f.count("contacts", "whatsapp_number = '+16505551234'") != 1 {
		t.Errorf("contact +16505551234 missing or duplicated")
	}
	// Media downloads were queued for the image.
	if n := f.count("river_job", "kind = 'fetch_media'"); n == 0 {
		t.Errorf("no media download was queued")
	}
}

func TestBadWebhooksAreRefusedAndNothingIsStored(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	body := fixtureFile(t, "wa_inbound_text.json")
	tampered := append([]byte{}, body...)
	tampered[len(tampered)/2] ^= 1
	cases := []struct {
		name   string
		body   []byte
		sig    string
		status int
	}{
		{"missing signature", body, "-", http.StatusUnauthorized},
		{"wrong secret", body, sign("other-secret", body), http.StatusUnauthorized},
		{"tampered body", tampered, sign(waAppSecret, body), http.StatusUnauthorized},
		{"malformed header", body, "md5=abc", http.StatusUnauthorized},
		{"broken JSON", []byte(`{"object":`), "", http.StatusBadRequest},
		{"not a WhatsApp payload", []byte(`{"hello":"world"}`), "", http.StatusBadRequest},
	}
	for _, c := range cases {
		sig := c.sig
		if sig == "-" {
			sig = " "
		}
		res := f.postWebhook(ch, c.body, sig)
		if res.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, res.Status, res.Body, c.status)
		}
		res.errorCode(t)
	}
	if n := f.count("webhook_events", "TRUE"); n != 0 {
		t.Fatalf("refused webhooks stored: %d", n)
	}
	if res := f.postWebhook(987654, body, ""); res.Status != http.StatusNotFound {
		t.Fatalf("unknown channel: %d", res.Status)
	}
}

func TestWebhookVerificationHandshake(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	path := fmt.Sprintf("/webhooks/whatsapp/%d?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=", ch)
	if res := f.do("GET", path+waVerifyToken, "", ""); res.Status != 200 || string(res.Body) != "1158201444" {
		t.Fatalf("handshake: %d %q", res.Status, res.Body)
	}
	if res := f.do("GET", path+"wrong", "", ""); res.Status != http.StatusUnauthorized {
		t.Fatalf("wrong verify token: %d", res.Status)
	}
}

func TestBurstFromManyNewSendersCreatesEachContactOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	const senders, perSender = 20, 5
	now := time.Now().Unix()
	for i := 0; i < perSender; i++ {
		for s := 0; s < senders; s++ {
			from := fmt.Sprintf("4915100000%03d", s)
			f.postWebhook(ch, textPayload(fmt.Sprintf("wamid.burst.%d.%d", s, i), from, "Sender", "hello", now), "")
		}
	}
	// Process concurrently, as several workers or instances would.
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		go func() {
			for {
				worked, err := f.srv.Inbox.ProcessNext(t.Context())
				if err != nil || !worked {
					errs <- err
					return
				}
			}
		}()
	}
	for w := 0; w < 4; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	f.processAll()
	if n := f.count("contacts", "TRUE"); n != senders {
		t.Errorf("contacts = %d, want %d", n, senders)
	}
	if n := f.count("conversations", "TRUE"); n != senders {
		t.Errorf("conversations = %d, want %d", n, senders)
	}
	if n := f.count("messages", "TRUE"); n != senders*perSender {
		t.Errorf("messages = %d, want %d", n, senders*perSender)
	}
	var unread int
	if err := f.srv.DB.Bun.NewRaw("SELECT sum(unread_count) FROM conversations").Scan(t.Context(), &unread); err != nil {
		t.Fatal(err)
	}
	if unread != senders*perSender {
		t.Errorf("unread = %d, want %d", unread, senders*perSender)
	}
}

func TestPruneDropsOnlyExpiredEventsAndProcessedWebhooks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.postWebhook(ch, textPayload("wamid.prune.1", "4915100080001", "P", "old", time.Now().Unix()), "")
	f.processAll()
	f.postWebhook(ch, textPayload("wamid.prune.2", "4915100080002", "P", "unprocessed", time.Now().Unix()), "")
	db := f.srv.DB.Bun
	for _, q := range []string{
		"UPDATE events SET created_at = now() - interval '8 days'",
		"UPDATE webhook_events SET received_at = now() - interval '31 days'",
	} {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	f.postWebhook(ch, textPayload("wamid.prune.3", "4915100080003", "P", "new", time.Now().Unix()), "")
	if err := f.srv.Inbox.Prune(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("events", "TRUE"); n != 0 {
		t.Errorf("%d expired events left", n)
	}
	// Unprocessed webhooks are never dropped, whatever their age; recent ones stay.
	if n := f.count("webhook_events", "TRUE"); n != 2 {
		t.Errorf("webhooks left = %d, want the unprocessed and the new one", n)
	}
}
