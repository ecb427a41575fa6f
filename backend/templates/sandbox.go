package templates

import (
	"encoding/json"

	"switchboard/backend/channels/whatsapp"
)

// sandboxTemplates are the built-in templates every sandbox channel gets,
// so the demo and tests can send templates without a provider account.
func sandboxTemplates() []whatsapp.Template {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	return []whatsapp.Template{
		{
			ID: "sandbox-order_update-de", Name: "order_update", Language: "de", Status: StatusApproved,
			Category: "UTILITY", ParameterFormat: FormatPositional,
			Components: []whatsapp.TemplateComponent{
				{Type: "BODY", Text: "Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs.",
					Example: raw(`{"body_text":[["Anna","A-1042"]]}`)},
				{Type: "FOOTER", Text: "Switchboard Demo"},
			},
		},
		{
			ID: "sandbox-appointment_reminder-de", Name: "appointment_reminder", Language: "de", Status: StatusApproved,
			Category: "UTILITY", ParameterFormat: FormatNamed,
			Components: []whatsapp.TemplateComponent{
				{Type: "HEADER", Format: "IMAGE", Example: raw(`{"header_handle":["https://example.com/termin.jpg"]}`)},
				{Type: "BODY", Text: "Hallo {{first_name}}, wir erinnern an Ihren Termin am {{date}}.",
					Example: raw(`{"body_text_named_params":[{"param_name":"first_name","example":"Anna"},{"param_name":"date","example":"12. Mai um 10:30"}]}`)},
				{Type: "BUTTONS", Buttons: []whatsapp.TemplateButton{
					{Type: "QUICK_REPLY", Text: "Bestätigen"},
					{Type: "QUICK_REPLY", Text: "Absagen"},
				}},
			},
		},
		{
			ID: "sandbox-welcome-de", Name: "welcome", Language: "de", Status: StatusApproved,
			Category: "MARKETING", ParameterFormat: FormatPositional,
			Components: []whatsapp.TemplateComponent{
				{Type: "BODY", Text: "Willkommen! Antworten Sie auf diese Nachricht, um mit unserem Team zu schreiben."},
			},
		},
		{
			ID: "sandbox-summer_sale-de", Name: "summer_sale", Language: "de", Status: "PENDING",
			Category: "MARKETING", ParameterFormat: FormatPositional,
			Components: []whatsapp.TemplateComponent{
				{Type: "BODY", Text: "Sommerschlussverkauf: {{1}} % auf alles bis Sonntag.",
					Example: raw(`{"body_text":[["20"]]}`)},
			},
		},
	}
}
