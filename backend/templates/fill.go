package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
)

// Parameters are the values an agent gives a WhatsApp template:
//
//	{"header": {"type":"image","link":"https://…"} | {"type":"text","text":"…"} |
//	           {"type":"location","location":{"name","address","latitude","longitude"}},
//	 "body": ["…","…"] (positional) | {"first_name":"…"} (named),
//	 "buttons": ["url suffix or quick-reply payload by button position", …]}
type Parameters struct {
	Header *HeaderValue `json:"header"`
	// Body is a list for positional templates, an object for named ones.
	Body    json.RawMessage `json:"body"`
	Buttons []string        `json:"buttons"`
}

// HeaderValue fills a template's header: text, or media by exactly one of a
// public link or an uploaded provider media id.
type HeaderValue struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Link     string `json:"link"`
	ID       string `json:"id"`
	Filename string `json:"filename"`
	// Location fills a location header (Type "location").
	Location *HeaderLocation `json:"location,omitempty"`
}

// HeaderLocation is the place a location header shows.
type HeaderLocation struct {
	Name      string  `json:"name"`
	Address   string  `json:"address"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Filled is a template with its values: what goes to the provider and the
// text the conversation shows.
type Filled struct {
	Template *channels.Template
	Preview  string
}

// maxValueLength bounds one text value (the provider limits the whole body
// to 1,024 characters).
const maxValueLength = 1024

// problems collects every mismatch between a template and its values.
type problems map[string]string

func (p problems) add(field, msg string) {
	if _, seen := p[field]; !seen {
		p[field] = msg
	}
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &apperror.Error{Kind: apperror.ErrValidation, Code: "template_parameters",
		Message: fmt.Sprintf("the values do not fit the template (%d problem(s))", len(p)), Fields: p}
}

// checkText applies WhatsApp's rules for a text parameter.
func checkText(p problems, field, v string) {
	switch {
	case strings.TrimSpace(v) == "":
		p.add(field, "is required")
	case strings.ContainsAny(v, "\n\t"):
		p.add(field, "must not contain line breaks or tabs")
	case strings.Contains(v, "     "):
		p.add(field, "must not contain more than 4 spaces in a row")
	case utf8.RuneCountInString(v) > maxValueLength:
		p.add(field, fmt.Sprintf("must be at most %d characters", maxValueLength))
	}
}

// Fill checks values against t and builds the message. Every problem is
// reported at once, as a 422 "template_parameters" naming each field.
func Fill(t *WhatsAppTemplate, values Parameters) (Filled, error) {
	p := problems{}
	named := t.ParameterFormat == FormatNamed
	paramName := func(name string) string {
		if named {
			return name
		}
		return ""
	}
	out := &channels.Template{Name: t.Name, Language: t.Language}
	var preview []string

	// Header.
	h := component(t, "HEADER")
	switch media := headerMedia(h); {
	case media != "":
		param, ok := fillHeaderMedia(p, media, values.Header)
		if ok {
			out.Components = append(out.Components, channels.TemplateComponent{Type: "header", Parameters: []channels.TemplateParameter{param}})
		}
	case h != nil && strings.EqualFold(h.Format, "LOCATION"):
		if param, ok := fillHeaderLocation(p, values.Header); ok {
			out.Components = append(out.Components, channels.TemplateComponent{Type: "header", Parameters: []channels.TemplateParameter{param}})
		}
	default:
		var names []string
		if h != nil {
			names = templateVars(h.Text, t.ParameterFormat)
		}
		switch {
		case len(names) == 0 && values.Header != nil:
			p.add("header", "this template's header takes no value")
		case len(names) > 0 && (values.Header == nil || values.Header.Type != "text"):
			p.add("header", "is required: the header text")
		case len(names) > 0:
			checkText(p, "header", values.Header.Text)
			out.Components = append(out.Components, channels.TemplateComponent{Type: "header",
				Parameters: []channels.TemplateParameter{{Type: channels.ParamText, Name: paramName(names[0]), Text: values.Header.Text}}})
		}
		if h != nil && h.Text != "" {
			text := h.Text
			if len(names) > 0 && values.Header != nil {
				text = substitute(text, map[string]string{names[0]: values.Header.Text})
			}
			preview = append(preview, text)
		}
	}

	// Body.
	body := component(t, "BODY")
	var bodyText string
	if body != nil {
		bodyText = body.Text
	}
	names := templateVars(bodyText, t.ParameterFormat)
	given, ok := bodyValues(p, values.Body, named)
	if ok {
		want := map[string]bool{}
		for _, n := range names {
			want[n] = true
		}
		var params []channels.TemplateParameter
		for _, n := range names {
			checkText(p, "body."+n, given[n])
			params = append(params, channels.TemplateParameter{Type: channels.ParamText, Name: paramName(n), Text: given[n]})
		}
		for n := range given {
			if !want[n] {
				p.add("body."+n, "is not a variable of this template")
			}
		}
		if len(params) > 0 {
			out.Components = append(out.Components, channels.TemplateComponent{Type: "body", Parameters: params})
		}
		if bodyText != "" {
			preview = append(preview, substitute(bodyText, given))
		}
	}
	if f := component(t, "FOOTER"); f != nil && f.Text != "" {
		preview = append(preview, f.Text)
	}

	// Buttons.
	out.Components = append(out.Components, fillButtons(p, t, values.Buttons)...)

	if err := p.err(); err != nil {
		return Filled{}, err
	}
	return Filled{Template: out, Preview: strings.Join(preview, "\n\n")}, nil
}

func fillHeaderMedia(p problems, media string, v *HeaderValue) (channels.TemplateParameter, bool) {
	switch {
	case v == nil || (v.Link == "" && v.ID == ""):
		p.add("header", fmt.Sprintf("is required: a link to the %s", media))
		return channels.TemplateParameter{}, false
	case v.Type != media:
		p.add("header", fmt.Sprintf("must be a %s (the template's header is one)", media))
		return channels.TemplateParameter{}, false
	case v.Link != "" && v.ID != "":
		p.add("header", "give either a link or a media id, not both")
		return channels.TemplateParameter{}, false
	case v.Filename != "" && media != "document":
		p.add("header", "only documents take a file name")
		return channels.TemplateParameter{}, false
	}
	if v.Link != "" {
		u, err := url.Parse(v.Link)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v.Link) > 2048 {
			p.add("header", "must be a public http(s) link")
			return channels.TemplateParameter{}, false
		}
	}
	return channels.TemplateParameter{Type: media,
		Media: &channels.OutboundMedia{Link: v.Link, ProviderID: v.ID, Filename: v.Filename}}, true
}

func fillHeaderLocation(p problems, v *HeaderValue) (channels.TemplateParameter, bool) {
	if v == nil || v.Type != "location" || v.Location == nil {
		p.add("header", "is required: the location (name, address, latitude and longitude)")
		return channels.TemplateParameter{}, false
	}
	l := v.Location
	switch {
	case strings.TrimSpace(l.Name) == "" || strings.TrimSpace(l.Address) == "":
		p.add("header", "the location needs a name and an address")
	case math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90 || math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180:
		p.add("header", "the location needs a latitude from -90 to 90 and a longitude from -180 to 180")
	default:
		return channels.TemplateParameter{Type: channels.ParamLocation,
			Location: &channels.Location{Name: l.Name, Address: l.Address, Latitude: l.Latitude, Longitude: l.Longitude}}, true
	}
	return channels.TemplateParameter{}, false
}

// bodyValues decodes the body's values by placeholder name: a list for
// positional templates ({{1}} is the first item), an object for named ones.
func bodyValues(p problems, raw json.RawMessage, named bool) (map[string]string, bool) {
	out := map[string]string{}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return out, true
	}
	if named {
		if err := json.Unmarshal(raw, &out); err != nil {
			p.add("body", `must be an object of texts by name, e.g. {"first_name":"Anna"}`)
			return nil, false
		}
		return out, true
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		p.add("body", `must be a list of texts, the first for {{1}}, e.g. ["Anna"]`)
		return nil, false
	}
	for i, v := range list {
		out[strconv.Itoa(i+1)] = v
	}
	return out, true
}

func fillButtons(p problems, t *WhatsAppTemplate, values []string) []channels.TemplateComponent {
	var buttons []buttonDef
	if bs := component(t, "BUTTONS"); bs != nil {
		for _, b := range bs.Buttons {
			buttons = append(buttons, buttonDef{typ: strings.ToUpper(b.Type), hasVar: len(templateVars(b.URL, t.ParameterFormat)) > 0})
		}
	}
	var out []channels.TemplateComponent
	for i, b := range buttons {
		field := "buttons." + strconv.Itoa(i)
		var v string
		if i < len(values) {
			v = values[i]
		}
		switch {
		case b.typ == "URL" && b.hasVar:
			checkText(p, field, v)
			out = append(out, channels.TemplateComponent{Type: "button", SubType: "url", Index: i,
				Parameters: []channels.TemplateParameter{{Type: channels.ParamText, Text: v}}})
		case b.typ == "QUICK_REPLY" && v != "":
			if utf8.RuneCountInString(v) > 128 {
				p.add(field, "must be at most 128 characters")
			}
			out = append(out, channels.TemplateComponent{Type: "button", SubType: "quick_reply", Index: i,
				Parameters: []channels.TemplateParameter{{Type: channels.ParamPayload, Payload: v}}})
		case v != "":
			p.add(field, "this button takes no value")
		}
	}
	for i := len(buttons); i < len(values); i++ {
		p.add("buttons."+strconv.Itoa(i), "the template has no such button")
	}
	return out
}

type buttonDef struct {
	typ    string
	hasVar bool
}

// substitute replaces the placeholders of text with their values; those
// without one stay visible as {{name}}.
func substitute(text string, values map[string]string) string {
	return varRE.ReplaceAllStringFunc(text, func(m string) string {
		name := varRE.FindStringSubmatch(m)[1]
		if v, ok := values[name]; ok && v != "" {
			return v
		}
		return m
	})
}
