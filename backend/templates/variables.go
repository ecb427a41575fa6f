package templates

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"switchboard/backend/channels/whatsapp"
)

// varRE finds {{1}} and {{first_name}} in template texts.
var varRE = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// Variable is one value a template needs (or takes) before it can be sent.
type Variable struct {
	// Field is where the value goes in the send's parameters and how
	// errors name it: "header", "body.1", "body.first_name", "buttons.0".
	Field string `json:"field"`
	// Component is header, body or button.
	Component string `json:"component"`
	// Name is the placeholder ("1", "first_name") of text variables.
	Name string `json:"name,omitempty"`
	// Type is text, image, document, video (header media) or payload
	// (a quick-reply button's payload).
	Type     string `json:"type"`
	Required bool   `json:"required"`
	// Example is the sample value the provider reviewed, if any.
	Example string `json:"example,omitempty"`
	// ButtonIndex and ButtonText describe button variables.
	ButtonIndex *int   `json:"button_index,omitempty"`
	ButtonText  string `json:"button_text,omitempty"`
}

// templateVars lists the distinct placeholders of text in the order a send
// passes them: numerically for positional templates, by first use for
// named ones.
func templateVars(text, format string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range varRE.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	if format == FormatPositional {
		sort.SliceStable(out, func(i, j int) bool {
			a, errA := strconv.Atoi(out[i])
			b, errB := strconv.Atoi(out[j])
			if errA != nil || errB != nil {
				return out[i] < out[j]
			}
			return a < b
		})
	}
	return out
}

// inferFormat guesses the parameter format of a template the provider
// listed without one: numbered placeholders mean positional.
func inferFormat(components []whatsapp.TemplateComponent) string {
	for _, c := range components {
		for _, m := range varRE.FindAllStringSubmatch(c.Text, -1) {
			if _, err := strconv.Atoi(m[1]); err != nil {
				return FormatNamed
			}
		}
	}
	return FormatPositional
}

func component(t *WhatsAppTemplate, typ string) *whatsapp.TemplateComponent {
	for i := range t.Components {
		if strings.EqualFold(t.Components[i].Type, typ) {
			return &t.Components[i]
		}
	}
	return nil
}

// headerMedia returns the parameter type a media header needs ("image",
// "document", "video"), or "" for text and absent headers.
func headerMedia(h *whatsapp.TemplateComponent) string {
	if h == nil {
		return ""
	}
	switch strings.ToUpper(h.Format) {
	case "IMAGE", "DOCUMENT", "VIDEO":
		return strings.ToLower(h.Format)
	}
	return ""
}

// Variables describes every value t takes, in the order a form shows them.
func Variables(t *WhatsAppTemplate) []Variable {
	out := []Variable{}
	if h := component(t, "HEADER"); h != nil {
		if media := headerMedia(h); media != "" {
			out = append(out, Variable{Field: "header", Component: "header", Type: media, Required: true})
		} else if strings.EqualFold(h.Format, "TEXT") || h.Format == "" {
			ex := examples(h.Example, "header_text", "header_text_named_params")
			for _, name := range templateVars(h.Text, t.ParameterFormat) {
				out = append(out, Variable{Field: "header", Component: "header", Name: name, Type: "text", Required: true, Example: ex[name]})
			}
		}
	}
	if b := component(t, "BODY"); b != nil {
		ex := examples(b.Example, "body_text", "body_text_named_params")
		for _, name := range templateVars(b.Text, t.ParameterFormat) {
			out = append(out, Variable{Field: "body." + name, Component: "body", Name: name, Type: "text", Required: true, Example: ex[name]})
		}
	}
	if bs := component(t, "BUTTONS"); bs != nil {
		for i, btn := range bs.Buttons {
			idx := i
			switch strings.ToUpper(btn.Type) {
			case "URL":
				if names := templateVars(btn.URL, t.ParameterFormat); len(names) > 0 {
					out = append(out, Variable{Field: "buttons." + strconv.Itoa(i), Component: "button", Name: names[0],
						Type: "text", Required: true, ButtonIndex: &idx, ButtonText: btn.Text})
				}
			case "QUICK_REPLY":
				out = append(out, Variable{Field: "buttons." + strconv.Itoa(i), Component: "button",
					Type: "payload", ButtonIndex: &idx, ButtonText: btn.Text})
			}
		}
	}
	return out
}

// examples reads the provider's sample values of a component: positional
// ones ({"body_text":[["a","b"]]} or {"header_text":["a"]}) by number,
// named ones ({"body_text_named_params":[{"param_name","example"}]}) by name.
func examples(raw json.RawMessage, positionalKey, namedKey string) map[string]string {
	out := map[string]string{}
	if len(raw) == 0 {
		return out
	}
	var ex map[string]json.RawMessage
	if json.Unmarshal(raw, &ex) != nil {
		return out
	}
	if v, ok := ex[positionalKey]; ok {
		var nested [][]string
		var flat []string
		if json.Unmarshal(v, &nested) == nil && len(nested) > 0 {
			flat = nested[0]
		} else {
			_ = json.Unmarshal(v, &flat)
		}
		for i, s := range flat {
			out[strconv.Itoa(i+1)] = s
		}
	}
	if v, ok := ex[namedKey]; ok {
		var named []struct {
			ParamName string `json:"param_name"`
			Example   string `json:"example"`
		}
		if json.Unmarshal(v, &named) == nil {
			for _, p := range named {
				out[p.ParamName] = p.Example
			}
		}
	}
	return out
}
