package whatsapp_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"switchboard/backend/channels"
)

func TestParseWebhookNormalizesMixedBatch(t *testing.T) {
	t.Parallel()
	batch := parseFixture(t, "wa_inbound_batch_mixed.json")

	second := channels.Endpoint{AccountID: "102290129340398", PhoneNumberID: "106540352200000", DisplayNumber: "15550009999"}
	otherAccount := testBusiness
	otherAccount.AccountID = "102290129340399"
	wantChanges := []channels.ChangeMeta{
		{Field: "messages", Business: testBusiness},
		{Field: "messages", Business: second},
		{Field: "messages", Business: otherAccount},
		{Field: "message_template_status_update", Business: channels.Endpoint{AccountID: "102290129340399"}},
	}
	if len(batch.Changes) != len(wantChanges) {
		t.Fatalf("got %d changes, want %d", len(batch.Changes), len(wantChanges))
	}
	for i, want := range wantChanges {
		got := batch.Changes[i]
		raw := got.Value
		got.Value = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("change %d = %+v, want %+v", i, got, want)
		}
		if hasRaw := raw != nil; hasRaw != (want.Field != "messages") {
			t.Errorf("change %d: raw value kept = %v", i, hasRaw)
		}
	}
	if !strings.Contains(string(batch.Changes[3].Value), "reservation_confirmation") {
		t.Errorf("template status change value = %s", batch.Changes[3].Value)
	}

	byID := map[string]channels.InboundMessage{}
	for _, m := range batch.Messages {
		byID[m.ProviderMessageID] = withoutRaw(t, m)
	}
	if len(byID) != 12 {
		t.Fatalf("got %d distinct messages, want 12", len(byID))
	}
	tests := []struct {
		id    string
		check func(m channels.InboundMessage) bool
	}{
		{"wamid.MIXED.AUDIO", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeAudio && m.Caption == "" && reflect.DeepEqual(m.Media, &channels.MediaRef{
				ProviderID: "1000000000000001", MIMEType: "audio/ogg; codecs=opus", SHA256: "ZmFrZWF1ZGlvaGFzaA==", Voice: true,
			})
		}},
		{"wamid.MIXED.VIDEO", func(m channels.InboundMessage) bool {
			// The second contact's name, matched by wa_id.
			return m.Type == channels.TypeVideo && m.Caption == "Unboxing" && m.ProfileName == "Pablo Morales" &&
				m.From == "16505550000" && m.Media.ProviderID == "1000000000000002" && m.Media.MIMEType == "video/mp4"
		}},
		{"wamid.MIXED.DOCUMENT", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeDocument && m.Caption == "Signed form" && m.Media.Filename == "form.pdf" &&
				m.Media.MIMEType == "application/pdf" && m.ProfileName == "Sheena Nelson"
		}},
		{"wamid.MIXED.STICKER", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeSticker && m.Media.Animated && m.Media.MIMEType == "image/webp"
		}},
		{"wamid.MIXED.REACTION", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeReaction && reflect.DeepEqual(m.Reaction, &channels.Reaction{
				MessageID: "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA", Emoji: "\U0001F44D",
			})
		}},
		{"wamid.MIXED.CONTACTS", func(m channels.InboundMessage) bool {
			var cards []struct {
				Name struct {
					FormattedName string `json:"formatted_name"`
				} `json:"name"`
			}
			return m.Type == channels.TypeContacts && json.Unmarshal(m.Contacts, &cards) == nil &&
				len(cards) == 1 && cards[0].Name.FormattedName == "Barbara Johnson"
		}},
		{"wamid.MIXED.LIST", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeInteractive && reflect.DeepEqual(m.Interactive, &channels.InteractiveReply{
				Kind: "list_reply", ID: "slot-0930", Title: "9:30 am", Description: "Tuesday, with Dr. Wu",
			}) && m.Context.QuotedMessageID == "wamid.LIST.PROMPT"
		}},
		{"wamid.MIXED.BUTTON", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeButton && reflect.DeepEqual(m.Interactive, &channels.InteractiveReply{
				Kind: "button", ID: "TRACK_INV-1001", Title: "Track order",
			}) && m.Context.QuotedMessageID == "wamid.TEMPLATE.SENT"
		}},
		{"wamid.MIXED.FORWARD", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeText && m.Text == "Look at this" &&
				reflect.DeepEqual(m.Context, &channels.MessageContext{Forwarded: true})
		}},
		{"wamid.MIXED.UNSUPPORTED", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeUnsupported && reflect.DeepEqual(m.Errors, []channels.ProviderError{{
				Code: "131051", Title: "Message type unknown", Message: "Message type unknown",
				Details: "Message type is currently not supported.", Permanent: true,
			}})
		}},
		{"wamid.MIXED.ORDER", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeUnsupported && m.ProviderType == "order" && m.Timestamp.Unix() == 1750020010
		}},
		{"wamid.MIXED.USERID", func(m channels.InboundMessage) bool {
			return m.Type == channels.TypeText && m.From == "" && m.FromUserID == "US.13491208655302741918" &&
				m.SenderKey() == "US.13491208655302741918" && m.ProfileName == "Kim" && m.Business == second
		}},
	}
	for _, tt := range tests {
		m, ok := byID[tt.id]
		if !ok {
			t.Errorf("%s missing", tt.id)
			continue
		}
		if !tt.check(m) {
			t.Errorf("%s normalized to %+v", tt.id, m)
		}
	}
	// The raw JSON of a message the adapter does not model keeps its content.
	for _, m := range batch.Messages {
		if m.ProviderMessageID == "wamid.MIXED.ORDER" && !strings.Contains(string(m.Raw), "product_retailer_id") {
			t.Errorf("order raw JSON lost its content: %s", m.Raw)
		}
	}

	if len(batch.Statuses) != 2 {
		t.Fatalf("got %d statuses, want 2", len(batch.Statuses))
	}
	played, deleted := batch.Statuses[0], batch.Statuses[1]
	if played.Status != channels.StatusPlayed || !played.Status.Supersedes(channels.StatusRead) || played.Business != otherAccount {
		t.Errorf("played status = %+v", played)
	}
	if deleted.Status != channels.StatusUnknown || deleted.ProviderStatus != "deleted" || deleted.Status.Supersedes(channels.StatusPending) {
		t.Errorf("unrecognized status = %+v", deleted)
	}
}
