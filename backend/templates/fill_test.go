package templates

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/inbox"
)

var (
	inboxChannel = inbox.Channel{ID: 1, AccountID: 1, Kind: inbox.KindWhatsApp}
	testNow      = time.Unix(1_700_000_000, 0)
)

// fieldsOf returns the fields of a template_parameters error.
func fieldsOf(err error) map[string]string {
	var ae *apperror.Error
	if errors.As(err, &ae) && ae.Code == "template_parameters" {
		return ae.Fields
	}
	return nil
}

// listed reads the templates of the documented listing (both pages) by name.
func listed(t *testing.T) map[string]*WhatsAppTemplate {
	t.Helper()
	out := map[string]*WhatsAppTemplate{}
	for _, name := range []string{"wa_message_templates_list_response.json", "wa_message_templates_list_page2.json"} {
		b, err := os.ReadFile(filepath.Join("..", "channels", "whatsapp", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Data []whatsapp.Template `json:"data"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		for _, pt := range page.Data {
			out[pt.Name] = fromProvider(&inboxChannel, pt, testNow)
		}
	}
	return out
}

func TestVariablesDescribeEveryValueATemplateTakes(t *testing.T) {
	t.Parallel()
	tpl := listed(t)
	fields := func(vs []Variable) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.Field+":"+v.Type)
		}
		return out
	}
	tests := []struct {
		name string
		want []string
	}{
		{"reservation_confirmation", []string{"header:image", "body.number_of_guests:text", "body.day:text", "body.date:text", "body.time:text", "buttons.2:payload"}},
		{"coupon_expiration_reminder_number_vars", []string{"header:text", "body.1:text", "body.2:text", "buttons.1:payload"}},
		{"order_update", []string{"header:document", "body.1:text", "body.2:text", "buttons.0:payload"}},
	}
	for _, tt := range tests {
		got := Variables(tpl[tt.name])
		if !reflect.DeepEqual(fields(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, fields(got), tt.want)
		}
	}
	coupon := Variables(tpl["coupon_expiration_reminder_number_vars"])
	if coupon[0].Example != "Pablo" || coupon[1].Example != "SUMMER20" || coupon[2].Example != "10" || coupon[1].Required != true || coupon[3].Required {
		t.Errorf("coupon examples/required: %+v", coupon)
	}
	reservation := Variables(tpl["reservation_confirmation"])
	if reservation[1].Example != "4" || reservation[1].Name != "number_of_guests" {
		t.Errorf("named example: %+v", reservation[1])
	}
}

func TestFillBuildsTheProviderTemplateAndPreview(t *testing.T) {
	t.Parallel()
	tpl := listed(t)
	filled, err := Fill(tpl["coupon_expiration_reminder_number_vars"], Parameters{
		Header: &HeaderValue{Type: "text", Text: "Pablo"},
		Body:   json.RawMessage(`["SUMMER20","10"]`),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &channels.Template{Name: "coupon_expiration_reminder_number_vars", Language: "en", Components: []channels.TemplateComponent{
		{Type: "header", Parameters: []channels.TemplateParameter{{Type: "text", Text: "Pablo"}}},
		{Type: "body", Parameters: []channels.TemplateParameter{{Type: "text", Text: "SUMMER20"}, {Type: "text", Text: "10"}}},
	}}
	if !reflect.DeepEqual(filled.Template, want) {
		t.Errorf("template = %+v", filled.Template)
	}
	wantPreview := "Act fast, Pablo!\n\nJust a quick reminder—your exclusive coupon code, SUMMER20, *expires in only 10 days!* Don’t miss out on our special deals. Use your code at checkout before it’s too late.\n\nHappy shopping! 😃\n\nLucky Shrub Succulents"
	if filled.Preview != wantPreview {
		t.Errorf("preview = %q", filled.Preview)
	}

	named, err := Fill(tpl["reservation_confirmation"], Parameters{
		Header:  &HeaderValue{Type: "image", Link: "https://example.com/table.jpg"},
		Body:    json.RawMessage(`{"time":"7:30 pm","day":"Saturday","date":"August 30th","number_of_guests":"4"}`),
		Buttons: []string{"", "", "CANCEL-42"},
	})
	if err != nil {
		t.Fatal(err)
	}
	comps := named.Template.Components
	if len(comps) != 3 || comps[0].Parameters[0].Media.Link != "https://example.com/table.jpg" ||
		comps[1].Parameters[0].Name != "number_of_guests" || comps[1].Parameters[3].Name != "time" ||
		comps[2].SubType != "quick_reply" || comps[2].Index != 2 || comps[2].Parameters[0].Payload != "CANCEL-42" {
		t.Errorf("named template = %+v", named.Template)
	}
}

func TestFillNamesEveryMismatch(t *testing.T) {
	t.Parallel()
	tpl := listed(t)
	reservation, coupon := tpl["reservation_confirmation"], tpl["coupon_expiration_reminder_number_vars"]
	okBody := `{"number_of_guests":"4","day":"Saturday","date":"August 30th","time":"7:30 pm"}`
	image := &HeaderValue{Type: "image", Link: "https://example.com/a.jpg"}
	tests := []struct {
		name   string
		tpl    *WhatsAppTemplate
		params Parameters
		want   []string
	}{
		{"named value missing", reservation, Parameters{Header: image, Body: json.RawMessage(`{"number_of_guests":"4","day":"Sat","date":"Aug 30"}`)}, []string{"body.time"}},
		{"named value extra", reservation, Parameters{Header: image, Body: json.RawMessage(`{"number_of_guests":"4","day":"Sat","date":"Aug 30","time":"7","first_name":"x"}`)}, []string{"body.first_name"}},
		{"header media missing", reservation, Parameters{Body: json.RawMessage(okBody)}, []string{"header"}},
		{"header media of the wrong kind", reservation, Parameters{Header: &HeaderValue{Type: "video", Link: "https://example.com/a.mp4"}, Body: json.RawMessage(okBody)}, []string{"header"}},
		{"header link not http", reservation, Parameters{Header: &HeaderValue{Type: "image", Link: "ftp://example.com/a.jpg"}, Body: json.RawMessage(okBody)}, []string{"header"}},
		{"positional list for a named template", reservation, Parameters{Header: image, Body: json.RawMessage(`["4"]`)}, []string{"body"}},
		{"positional value missing", coupon, Parameters{Header: &HeaderValue{Type: "text", Text: "Pablo"}, Body: json.RawMessage(`["SUMMER20"]`)}, []string{"body.2"}},
		{"positional value extra", coupon, Parameters{Header: &HeaderValue{Type: "text", Text: "Pablo"}, Body: json.RawMessage(`["SUMMER20","10","x"]`)}, []string{"body.3"}},
		{"empty value and missing header text", coupon, Parameters{Body: json.RawMessage(`["", "10"]`)}, []string{"body.1", "header"}},
		{"line break in a value", coupon, Parameters{Header: &HeaderValue{Type: "text", Text: "Pablo"}, Body: json.RawMessage(`["a\nb","10"]`)}, []string{"body.1"}},
		{"value for a button without one", coupon, Parameters{Header: &HeaderValue{Type: "text", Text: "Pablo"}, Body: json.RawMessage(`["a","10"]`), Buttons: []string{"deals"}}, []string{"buttons.0"}},
		{"no such button", coupon, Parameters{Header: &HeaderValue{Type: "text", Text: "Pablo"}, Body: json.RawMessage(`["a","10"]`), Buttons: []string{"", "", "x"}}, []string{"buttons.2"}},
	}
	for _, tt := range tests {
		_, err := Fill(tt.tpl, tt.params)
		fields := fieldsOf(err)
		for _, f := range tt.want {
			if _, ok := fields[f]; !ok {
				t.Errorf("%s: field %s not named (got %v)", tt.name, f, fields)
			}
		}
		if len(fields) != len(tt.want) {
			t.Errorf("%s: fields %v, want exactly %v", tt.name, fields, tt.want)
		}
	}
}

func TestFillSendsALocationHeaderAndChecksIt(t *testing.T) {
	t.Parallel()
	tpl := &WhatsAppTemplate{Name: "store_opening", Language: "de", ParameterFormat: FormatPositional,
		Components: []whatsapp.TemplateComponent{{Type: "HEADER", Format: "LOCATION"}, {Type: "BODY", Text: "Wir eröffnen!"}}}
	place := &HeaderLocation{Name: "Filiale Mitte", Address: "Mariahilfer Straße 1, 1060 Wien", Latitude: 48.2006, Longitude: 16.3546}
	filled, err := Fill(tpl, Parameters{Header: &HeaderValue{Type: "location", Location: place}})
	if err != nil {
		t.Fatal(err)
	}
	want := channels.TemplateComponent{Type: "header", Parameters: []channels.TemplateParameter{{Type: channels.ParamLocation,
		Location: &channels.Location{Name: place.Name, Address: place.Address, Latitude: place.Latitude, Longitude: place.Longitude}}}}
	if !reflect.DeepEqual(filled.Template.Components[0], want) {
		t.Errorf("header %+v", filled.Template.Components[0])
	}
	for name, h := range map[string]*HeaderValue{
		"missing":     nil,
		"no address":  {Type: "location", Location: &HeaderLocation{Name: "X", Latitude: 1, Longitude: 1}},
		"off the map": {Type: "location", Location: &HeaderLocation{Name: "X", Address: "Y", Latitude: 91}},
		"not a place": {Type: "image", Link: "https://example.com/a.jpg"},
	} {
		if _, err := Fill(tpl, Parameters{Header: h}); fieldsOf(err)["header"] == "" {
			t.Errorf("%s: want a header problem, got %v", name, err)
		}
	}
}
