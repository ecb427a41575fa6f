package twilio

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
)

func TestParseInboundFixtures(t *testing.T) {
	tests := []struct {
		file string
		want Inbound
	}{
		{"twilio_inbound_sms.form.txt", Inbound{
			MessageSID:          "SM1342fe1b2c904d1ab04f0fc7a58abca9",
			AccountSID:          "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			MessagingServiceSID: "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From:                "+14017122661",
			To:                  "+15558675310",
			Body:                "Hello there! Is my order ready?",
			NumSegments:         1,
		}},
		{"twilio_inbound_mms.form.txt", Inbound{
			MessageSID:  "MM2b5d477b019c4b40db8913c45a619c24",
			AccountSID:  "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From:        "+14017122661",
			To:          "+15558675310",
			Body:        "Photo of the damage",
			NumSegments: 1,
			Media: []Media{{
				URL:         "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/MM2b5d477b019c4b40db8913c45a619c24/Media/MEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				ContentType: "image/jpeg",
			}},
		}},
		{"twilio_inbound_stop.form.txt", Inbound{
			MessageSID:  "SM9f1b2c3d4e5f60718293a4b5c6d7e8f9",
			AccountSID:  "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From:        "+14017122661",
			To:          "+15558675310",
			Body:        "STOP",
			NumSegments: 1,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseInbound(readForm(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseInbound =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseInboundStopFixtureIsOptOut(t *testing.T) {
	in, err := ParseInbound(readForm(t, "twilio_inbound_stop.form.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !IsOptOut(in.Body) {
		t.Errorf("IsOptOut(%q) = false", in.Body)
	}
}

func TestParseInboundWhatsAppFields(t *testing.T) {
	form := url.Values{
		"MessageSid": {"SMwa"}, "From": {"whatsapp:+4915112345678"}, "To": {"whatsapp:+14155238886"},
		"Body": {""}, "NumMedia": {"2"}, "ProfileName": {"Anna"}, "WaId": {"4915112345678"},
		"MediaUrl0": {"https://api.twilio.com/m/0"}, "MediaContentType0": {"image/png"},
		"MediaUrl1": {"https://api.twilio.com/m/1"}, "MediaContentType1": {"audio/ogg"},
	}
	got, err := ParseInbound(form)
	if err != nil {
		t.Fatal(err)
	}
	want := Inbound{
		MessageSID: "SMwa", From: "whatsapp:+4915112345678", To: "whatsapp:+14155238886",
		ProfileName: "Anna", WaID: "4915112345678",
		Media: []Media{{"https://api.twilio.com/m/0", "image/png"}, {"https://api.twilio.com/m/1", "audio/ogg"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseInbound =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseInboundFallsBackToDeprecatedSid(t *testing.T) {
	got, err := ParseInbound(url.Values{"SmsMessageSid": {"SMold"}, "From": {"+1"}, "To": {"+2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.MessageSID != "SMold" {
		t.Errorf("MessageSID = %q, want SMold", got.MessageSID)
	}
}

func TestParseInboundRejectsBadForms(t *testing.T) {
	valid := func() url.Values {
		return url.Values{"MessageSid": {"SM1"}, "From": {"+1"}, "To": {"+2"}, "Body": {"hi"}}
	}
	tests := []struct {
		name   string
		change func(url.Values)
	}{
		{"missing MessageSid", func(f url.Values) { f.Del("MessageSid") }},
		{"missing From", func(f url.Values) { f.Del("From") }},
		{"missing To", func(f url.Values) { f.Del("To") }},
		{"NumMedia not a number", func(f url.Values) { f.Set("NumMedia", "one") }},
		{"NumMedia negative", func(f url.Values) { f.Set("NumMedia", "-1") }},
		{"NumMedia without MediaUrl", func(f url.Values) { f.Set("NumMedia", "1000000000") }},
		{"NumSegments not a number", func(f url.Values) { f.Set("NumSegments", "x") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := valid()
			tt.change(form)
			if _, err := ParseInbound(form); !errors.Is(err, ErrInvalidWebhook) {
				t.Errorf("err = %v, want ErrInvalidWebhook", err)
			}
		})
	}
}
