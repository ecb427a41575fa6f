package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// inboundOn sends an inbound text from number on a WhatsApp or SMS channel.
type inboundOn func(number, body string)

func (f *fixture) whatsappInbound(ch int64) inboundOn {
	n := 0
	return func(number, body string) {
		f.t.Helper()
		n++
		res := f.postWebhook(ch, textPayload(fmt.Sprintf("wamid.kw.%d.%d", ch, n), number[1:], "Kunde", body, time.Now().Unix()), "")
		if res.Status != http.StatusOK {
			f.t.Fatalf("webhook: %d %s", res.Status, res.Body)
		}
		f.processAll()
	}
}

func (f *fixture) smsInbound(ch int64) inboundOn {
	n := 0
	return func(number, body string) {
		f.t.Helper()
		n++
		form := url.Values{"From": {number}, "To": {"+15558675310"}, "Body": {body}, "NumMedia": {"0"},
			"MessageSid": {fmt.Sprintf("SMkw%030d", n)}, "SmsMessageSid": {fmt.Sprintf("SMkw%030d", n)},
			"AccountSid": {"AC123"}, "SmsStatus": {"received"}}
		if res := f.postTwilio(ch, form.Encode(), ""); res.Status != http.StatusOK {
			f.t.Fatalf("twilio webhook: %d %s", res.Status, res.Body)
		}
		f.processAll()
	}
}

func (f *fixture) consentState(number, kind string) string {
	f.t.Helper()
	var state string
	err := f.srv.DB.Bun.NewRaw("SELECT coalesce((SELECT state FROM consents WHERE number = ? AND channel_kind = ?), 'none')",
		number, kind).Scan(f.t.Context(), &state)
	if err != nil {
		f.t.Fatal(err)
	}
	return state
}

// lastOut is the newest outbound text (a confirmation) and system line to number.
func (f *fixture) lastSystemEvent(number string) (event, confirmation string) {
	f.t.Helper()
	var rows []struct {
		Kind  string          `bun:"kind"`
		Body  string          `bun:"body"`
		Extra json.RawMessage `bun:"extra"`
	}
	err := f.srv.DB.Bun.NewRaw(`SELECT m.kind, m.body, m.extra FROM messages m JOIN conversations c ON c.id = m.conversation_id
		JOIN contacts ct ON ct.id = c.contact_id WHERE (ct.whatsapp_number = ? OR ct.sms_number = ?) AND m.direction = 'out'
		ORDER BY m.id DESC LIMIT 2`, number, number).Scan(f.t.Context(), &rows)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range rows {
		switch r.Kind {
		case "system":
			var e struct {
				Event string `json:"event"`
			}
			_ = json.Unmarshal(r.Extra, &e)
			event = e.Event
		case "text":
			confirmation = r.Body
		}
	}
	return event, confirmation
}

func TestKeywordsInGermanAndEnglishOnBothChannelKinds(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"whatsapp", "sms"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			var send inboundOn
			if kind == "whatsapp" {
				send = f.whatsappInbound(f.createWhatsAppChannel("http://127.0.0.1:1"))
			} else {
				send = f.smsInbound(f.createSMSChannel("http://127.0.0.1:1"))
			}
			cm := f.tokens["campaign_manager"]
			res := f.do("POST", "/api/groups", cm, `{"name":"Neuigkeiten","kind":"multichannel","keyword":"NEWS"}`)
			var g struct {
				ID int64 `json:"id"`
			}
			res.json(t, &g)
			const number = "+4915100070001"
			members := func() int { return f.groupReach(cm, g.ID).Members }

			steps := []struct {
				body, event, state string
				members            int
				reply              string // a part of the confirmation, "" for none
			}{
				{"Hallo, ist mein Paket da?", "", map[string]string{"whatsapp": "granted", "sms": "none"}[kind], 0, ""},
				{"start news", "group.joined", "granted", 1, "bei Neuigkeiten angemeldet"},
				{" Stopp! ", "consent.stopped", "revoked", 0, "keine Nachrichten mehr"},
				{"please don't stop", "", "revoked", 0, ""},
				{"START UNKNOWN", "keyword.unknown", "revoked", 0, "UNKNOWN kennen wir nicht"},
				{"START", "consent.started", "granted", 0, "Willkommen zurück"},
				{"START NEWS", "group.joined", "granted", 1, "Neuigkeiten"},
				{"STOP NEWS", "group.left", "granted", 0, "von Neuigkeiten abgemeldet"},
				{"Abmelden.", "consent.stopped", "revoked", 0, "keine Nachrichten mehr"},
			}
			for _, st := range steps {
				before, _ := f.lastSystemEvent(number)
				unreadBefore := f.count("conversations", "unread_count > 0")
				send(number, st.body)
				event, reply := f.lastSystemEvent(number)
				if st.event == "" {
					if event != before {
						t.Errorf("%q: a system line %q was added to an ordinary message", st.body, event)
					}
				} else if event != st.event {
					t.Errorf("%q: event %q, want %q", st.body, event, st.event)
				}
				if st.reply != "" && !strings.Contains(reply, st.reply) {
					t.Errorf("%q: confirmation %q, want it to say %q", st.body, reply, st.reply)
				}
				if got := f.consentState(number, kind); got != st.state {
					t.Errorf("%q: consent %s, want %s", st.body, got, st.state)
				}
				if got := members(); got != st.members {
					t.Errorf("%q: %d members of NEWS, want %d", st.body, got, st.members)
				}
				if st.event != "" && f.count("conversations", "unread_count > 0") > unreadBefore {
					t.Errorf("%q: a keyword raised the unread count", st.body)
				}
			}
			// Every confirmation was queued once, as a confirmation.
			if n := f.count("messages", "direction = 'out' AND kind = 'text' AND extra->>'confirmation' = 'true'"); n != 7 {
				t.Errorf("%d confirmations queued, want 7", n)
			}
			// English replies where the account says so.
			if res := f.do("PATCH", "/api/account/consent-settings", f.tokens["admin"], `{"language":"en"}`); res.Status != http.StatusOK {
				t.Fatalf("settings: %d %s", res.Status, res.Body)
			}
			send(number, "unsubscribe")
			if _, reply := f.lastSystemEvent(number); !strings.Contains(reply, "no longer receive") {
				t.Errorf("English STOP confirmation = %q", reply)
			}
		})
	}
}

func TestStopIsHonouredBeforeAnAlreadyQueuedSend(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	send := f.whatsappInbound(ch)
	const number = "+4915100070101"
	send(number, "Guten Tag")
	conv := f.openConversation(ch, number[1:])
	queued := f.sendText(conv, f.tokens["agent"], "Ihre Bestellung ist da")
	send(number, "STOP")
	f.deliver(queued.ID, false)
	m := f.message("id = ?", queued.ID)
	if m.Status != "failed" || m.ErrorCode != "no_consent" {
		t.Fatalf("queued send after STOP: status %s code %v, want failed no_consent", m.Status, m.ErrorCode)
	}
	// The confirmation of the STOP itself is allowed.
	var confirm int64
	if err := f.srv.DB.Bun.NewRaw("SELECT id FROM messages WHERE extra->>'confirmation' = 'true'").Scan(t.Context(), &confirm); err != nil {
		t.Fatal(err)
	}
	f.deliver(confirm, true)
	if c := f.message("id = ?", confirm); c.ErrorCode == "no_consent" {
		t.Errorf("the STOP confirmation was refused by the consent check")
	}
	// After the STOP nothing else goes out, until the contact writes again.
	res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens["agent"], `{"kind":"text","body":"Noch eine Frage"}`)
	if res.Status != http.StatusUnprocessableEntity || res.errorCode(t) != "no_consent" {
		t.Fatalf("reply after STOP: %d %s", res.Status, res.Body)
	}
	send(number, "Doch noch eine Frage")
	if res := f.do("POST", fmt.Sprintf("/api/conversations/%d/messages", conv), f.tokens["agent"], `{"kind":"text","body":"Gerne"}`); res.Status != http.StatusCreated {
		t.Errorf("service reply after the contact wrote again: %d %s", res.Status, res.Body)
	}
	if got := f.consentState(number, "whatsapp"); got != "revoked" {
		t.Errorf("writing again re-granted consent: %s", got)
	}
}

func TestProviderOptOutsRevokeConsent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ch := f.createWhatsAppChannel("http://127.0.0.1:1")
	f.whatsappInbound(ch)("+16505551234", "Hi")
	if got := f.consentState("+16505551234", "whatsapp"); got != "granted" {
		t.Fatalf("first message did not count as opt-in: %s", got)
	}
	prefs := fmt.Sprintf(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"user_preferences","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},"contacts":[{"profile":{"name":"K"},"wa_id":"16505551234"}],"user_preferences":[{"wa_id":"16505551234","detail":"User requested to stop marketing messages","category":"marketing_messages","value":"stop","timestamp":1731705721}]}}]}]}`, waPhoneID)
	if res := f.postWebhook(ch, []byte(prefs), ""); res.Status != http.StatusOK {
		t.Fatalf("user_preferences webhook: %d %s", res.Status, res.Body)
	}
	f.processAll()
	if got := f.consentState("+16505551234", "whatsapp"); got != "revoked" {
		t.Errorf("after user_preferences stop: %s", got)
	}
	if n := f.count("consent_history", "source = 'provider' AND detail = 'user_preferences'"); n != 1 {
		t.Errorf("provider change not in the history: %d", n)
	}
	// A failed status with 131050 is an opt-out too.
	f.whatsappInbound(ch)("+16505551235", "Hallo")
	body := []byte(strings.Replace(string(statusPayload("wamid.optout", "failed", time.Now().Unix(), "131050")), "16505551234", "16505551235", 1))
	f.postWebhook(ch, body, "")
	f.processAll()
	if got := f.consentState("+16505551235", "whatsapp"); got != "revoked" {
		t.Errorf("after a 131050 status: %s", got)
	}
}
