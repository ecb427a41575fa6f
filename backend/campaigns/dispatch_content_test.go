package campaigns

import (
	"encoding/json"
	"strings"
	"testing"

	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/contacts"
	"switchboard/backend/inbox"
	"switchboard/backend/templates"
)

func TestRenderFillsATemplatePerRecipientAndShortensItsLinks(t *testing.T) {
	tpl := &templates.WhatsAppTemplate{Name: "spring_sale", Language: "de", Status: templates.StatusApproved,
		ParameterFormat: templates.FormatPositional, Components: []whatsapp.TemplateComponent{
			{Type: "BODY", Text: "Hallo {{1}}, alles zu {{2}}: {{3}}"},
		}}
	p := &prepared{c: &Campaign{TrackLinks: true}, kind: inbox.KindWhatsApp, template: tpl,
		params: templates.Parameters{Body: json.RawMessage(`["{{first_name}}","{{discount}}","https://shop.example/sale"]`)}}
	name := "Anna Berg"
	r, err := p.render(&contacts.Contact{Name: name}, "+436761234567", map[string]string{"discount": "20 %"},
		func(u string) (string, error) { return "https://sb.example/l/abc", nil })
	if err != nil {
		t.Fatal(err)
	}
	params := r.template.Components[0].Parameters
	if len(params) != 3 || params[0].Text != "Anna" || params[1].Text != "20 %" || params[2].Text != "https://sb.example/l/abc" {
		t.Fatalf("parameters %+v", params)
	}
	if r.body != "Hallo Anna, alles zu 20 %: https://sb.example/l/abc" || r.cost != 1 {
		t.Fatalf("preview %q cost %v", r.body, r.cost)
	}
}

func TestRenderCountsSMSSegments(t *testing.T) {
	p := &prepared{c: &Campaign{}, kind: inbox.KindSMS, text: strings.Repeat("x", 150) + " {{name}}"}
	r, err := p.render(&contacts.Contact{Name: "Maximilian Mustermann"}, "+436761234567", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.cost != 2 {
		t.Fatalf("a %d-character SMS costs %v tokens, want 2 segments", len(r.body), r.cost)
	}
}
