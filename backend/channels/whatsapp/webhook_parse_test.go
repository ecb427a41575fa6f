package whatsapp_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

var testBusiness = channels.Endpoint{
	AccountID:     "102290129340398",
	PhoneNumberID: "106540352242922",
	DisplayNumber: "15550783881",
}

const quotedWamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA"

// parseFixture parses testdata/name and fails the test on error.
func parseFixture(t *testing.T, name string) *channels.WebhookBatch {
	t.Helper()
	batch, err := whatsapp.ParseWebhook(fixture(t, name))
	if err != nil {
		t.Fatalf("ParseWebhook(%s): %v", name, err)
	}
	return batch
}

// withoutRaw checks Raw holds the message's own JSON, then clears it so the
// rest compares by value.
func withoutRaw(t *testing.T, m channels.InboundMessage) channels.InboundMessage {
	t.Helper()
	var probe struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(m.Raw, &probe); err != nil || probe.ID != m.ProviderMessageID {
		t.Errorf("Raw of %s is not that message (%v): %s", m.ProviderMessageID, err, m.Raw)
	}
	m.Raw = nil
	return m
}

func TestParseWebhookNormalizesInboundFixtures(t *testing.T) {
	t.Parallel()
	base := func(id string, ts int64, typ channels.MessageType) channels.InboundMessage {
		return channels.InboundMessage{
			ProviderMessageID: id,
			From:              "16505551234",
			ProfileName:       "Sheena Nelson",
			Business:          testBusiness,
			Timestamp:         time.Unix(ts, 0).UTC(),
			Type:              typ,
			ProviderType:      string(typ),
		}
	}
	text := base("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", 1749416383, channels.TypeText)
	text.Text = "Does it come in another color?"

	image := base("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", 1744344496, channels.TypeImage)
	image.Caption = "Taj Mahal"
	image.Media = &channels.MediaRef{
		ProviderID: "1003383421387256",
		MIMEType:   "image/jpeg",
		SHA256:     "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=",
		URL:        "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256",
	}

	location := base("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=", 1744344496, channels.TypeLocation)
	location.Location = &channels.Location{
		Latitude:  37.44221496582,
		Longitude: -122.16165924072,
		Name:      "Philz Coffee",
		Address:   "101 Forest Ave, Palo Alto, CA 94301",
		URL:       "https://philzcoffee.com/",
	}

	button := base("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=", 1750025136, channels.TypeInteractive)
	button.Interactive = &channels.InteractiveReply{Kind: "button_reply", ID: "cancel-button", Title: "Cancel"}
	button.Context = &channels.MessageContext{QuotedMessageID: quotedWamid, From: "15550783881"}

	replyCtx := base("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=", 1750016800, channels.TypeText)
	replyCtx.Text = "Yes, please book that slot."
	replyCtx.Context = &channels.MessageContext{QuotedMessageID: quotedWamid, From: "15550783881"}

	tests := []struct {
		file string
		want channels.InboundMessage
	}{
		{"wa_inbound_text.json", text},
		{"wa_inbound_image.json", image},
		{"wa_inbound_location.json", location},
		{"wa_inbound_interactive_button_reply.json", button},
		{"wa_inbound_text_reply_context.json", replyCtx},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			batch := parseFixture(t, tt.file)
			if len(batch.Messages) != 1 || len(batch.Statuses) != 0 || len(batch.Errors) != 0 {
				t.Fatalf("got %d messages, %d statuses, %d errors; want 1, 0, 0",
					len(batch.Messages), len(batch.Statuses), len(batch.Errors))
			}
			wantChanges := []channels.ChangeMeta{{Field: "messages", Business: testBusiness}}
			if !reflect.DeepEqual(batch.Changes, wantChanges) {
				t.Errorf("Changes = %+v, want %+v", batch.Changes, wantChanges)
			}
			if got := withoutRaw(t, batch.Messages[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("message =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseWebhookNormalizesStatusFixtures(t *testing.T) {
	t.Parallel()
	const (
		marketingWamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="
		failedWamid    = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA"
	)
	tests := []struct {
		file       string
		id         string
		status     channels.Status
		ts         int64
		wantErrors []channels.ProviderError
	}{
		{"wa_status_sent.json", marketingWamid, channels.StatusSent, 1750030073, nil},
		{"wa_status_delivered.json", marketingWamid, channels.StatusDelivered, 1750030075, nil},
		{"wa_status_read.json", marketingWamid, channels.StatusRead, 1750030140, nil},
		{"wa_status_failed.json", failedWamid, channels.StatusFailed, 1751142888, []channels.ProviderError{{
			Code:      "131049",
			Title:     "This message was not delivered to maintain healthy ecosystem engagement.",
			Message:   "This message was not delivered to maintain healthy ecosystem engagement.",
			Details:   "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
			Permanent: true,
		}}},
		{"wa_status_failed_131047.json", failedWamid, channels.StatusFailed, 1751142888, []channels.ProviderError{{
			Code:      "131047",
			Title:     "Re-engagement message",
			Message:   "Re-engagement message",
			Details:   "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
			Permanent: true,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			batch := parseFixture(t, tt.file)
			if len(batch.Statuses) != 1 || len(batch.Messages) != 0 {
				t.Fatalf("got %d statuses, %d messages; want 1, 0", len(batch.Statuses), len(batch.Messages))
			}
			st := batch.Statuses[0]
			if !json.Valid(st.Raw) || !strings.Contains(string(st.Raw), tt.id) {
				t.Errorf("Raw does not hold the status: %s", st.Raw)
			}
			st.Raw = nil
			want := channels.StatusUpdate{
				ProviderMessageID: tt.id,
				Status:            tt.status,
				ProviderStatus:    tt.status.String(),
				Timestamp:         time.Unix(tt.ts, 0).UTC(),
				Recipient:         "16505551234",
				Business:          testBusiness,
				Errors:            tt.wantErrors,
			}
			if !reflect.DeepEqual(st, want) {
				t.Errorf("status =\n%+v\nwant\n%+v", st, want)
			}
		})
	}
}

func TestParseWebhookReportsChangeLevelErrors(t *testing.T) {
	t.Parallel()
	batch := parseFixture(t, "wa_webhook_error_notification.json")
	if len(batch.Messages) != 0 || len(batch.Statuses) != 0 {
		t.Fatalf("got %d messages, %d statuses; want none", len(batch.Messages), len(batch.Statuses))
	}
	want := []channels.WebhookError{{
		ProviderError: channels.ProviderError{
			Code:    "130429",
			Title:   "Rate limit hit",
			Message: "Rate limit hit",
			Details: "Message failed to send because there were too many messages sent from this phone number in a short period of time",
			// Rate limits pass: transient.
			Permanent: false,
		},
		Business: testBusiness,
	}}
	if !reflect.DeepEqual(batch.Errors, want) {
		t.Fatalf("Errors =\n%+v\nwant\n%+v", batch.Errors, want)
	}
}

// TestStatusFixturesNeverGoBackwards replays the status fixtures in every
// arrival order and keeps the stored status only moving forward, as the send
// service does.
func TestStatusFixturesNeverGoBackwards(t *testing.T) {
	t.Parallel()
	status := func(file string) channels.Status { return parseFixture(t, file).Statuses[0].Status }
	sent, delivered, read := status("wa_status_sent.json"), status("wa_status_delivered.json"), status("wa_status_read.json")
	failed := status("wa_status_failed_131047.json")

	if !(read.Rank() > delivered.Rank() && delivered.Rank() > sent.Rank()) {
		t.Fatalf("ranks: read %d, delivered %d, sent %d", read.Rank(), delivered.Rank(), sent.Rank())
	}
	apply := func(updates ...channels.Status) channels.Status {
		current := channels.StatusAccepted
		for _, u := range updates {
			if u.Supersedes(current) {
				current = u
			}
		}
		return current
	}
	tests := []struct {
		name    string
		updates []channels.Status
		want    channels.Status
	}{
		{"in order", []channels.Status{sent, delivered, read}, read},
		{"read before delivered", []channels.Status{sent, read, delivered}, read},
		{"all reversed", []channels.Status{read, delivered, sent}, read},
		{"delivered skipped", []channels.Status{sent, read}, read},
		{"failed after sent", []channels.Status{sent, failed}, failed},
		{"late sent after failed", []channels.Status{failed, sent}, failed},
		{"receipt after failed wins", []channels.Status{failed, delivered}, delivered},
		{"failed after read ignored", []channels.Status{read, failed}, read},
		{"unknown ignored", []channels.Status{sent, channels.StatusUnknown}, sent},
	}
	for _, tt := range tests {
		if got := apply(tt.updates...); got != tt.want {
			t.Errorf("%s: final status %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseWebhookRejectsMalformedPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"not JSON", `{"object":"whatsapp_business_account","entry":[`},
		{"empty body", ``},
		{"wrong object", `{"object":"page","entry":[]}`},
		{"missing object", `{"entry":[]}`},
		{"value not an object", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":"x"}]}]}`},
		{"messages not a list", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":{}}}]}]}`},
		{"message not an object", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[42]}}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			batch, err := whatsapp.ParseWebhook([]byte(tt.body))
			if !errors.Is(err, channels.ErrInvalidPayload) || batch != nil {
				t.Fatalf("ParseWebhook = %v, %v; want ErrInvalidPayload", batch, err)
			}
		})
	}
}

func TestParseWebhookAcceptsEmptyBatch(t *testing.T) {
	t.Parallel()
	batch, err := whatsapp.ParseWebhook([]byte(`{"object":"whatsapp_business_account","entry":[]}`))
	if err != nil || len(batch.Messages)+len(batch.Statuses)+len(batch.Errors)+len(batch.Changes) != 0 {
		t.Fatalf("ParseWebhook = %+v, %v; want an empty batch", batch, err)
	}
}

func TestParseWebhookKeepsMisshapenMessageAsUnsupported(t *testing.T) {
	t.Parallel()
	body := `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
		"metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
		"messages":[
			{"from":"16505551234","id":"wamid.A","timestamp":"1750020000","type":"location","location":{"latitude":"north"}},
			{"from":"16505551234","id":"wamid.B","timestamp":"soon","type":"text"}
		]}}]}]}`
	batch, err := whatsapp.ParseWebhook([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(batch.Messages) != 2 {
		t.Fatalf("got %d messages, want 2", len(batch.Messages))
	}
	a, b := batch.Messages[0], batch.Messages[1]
	if a.Type != channels.TypeUnsupported || a.ProviderType != "location" || a.From != "16505551234" ||
		a.Timestamp.Unix() != 1750020000 || !strings.Contains(string(a.Raw), `"north"`) {
		t.Errorf("misshapen location = %+v", a)
	}
	if b.Type != channels.TypeUnsupported || !b.Timestamp.IsZero() || b.ProviderMessageID != "wamid.B" {
		t.Errorf("text without body = %+v", b)
	}
}
