// Package placeholders fills {{name}}-style placeholders in local text
// templates and canned responses from a contact's data.
package placeholders

import (
	"regexp"
	"sort"
	"strings"
)

var placeholderRE = regexp.MustCompile(`\{\{\s*([a-zA-Z0-9_.\-]+)\s*\}\}`)

// Contact is what placeholders can refer to.
type Contact struct {
	Name string
	// FirstName and LastName, when set, win over the split of Name.
	FirstName      string
	LastName       string
	SMSNumber      string
	WhatsAppNumber string
	Attributes     map[string]string
}

// Values returns the placeholder values of c: name, first_name, last_name,
// phone, sms_number, whatsapp_number, and every attribute (as attr.<key>,
// attributes.<key> and, when no field has the name, <key>).
func Values(c Contact) map[string]string {
	v := map[string]string{"name": c.Name, "sms_number": c.SMSNumber, "whatsapp_number": c.WhatsAppNumber}
	fields := strings.Fields(c.Name)
	if len(fields) > 0 {
		v["first_name"] = fields[0]
		v["last_name"] = strings.Join(fields[1:], " ")
	}
	if c.FirstName != "" || c.LastName != "" {
		v["first_name"], v["last_name"] = c.FirstName, c.LastName
	}
	v["phone"] = c.SMSNumber
	if v["phone"] == "" {
		v["phone"] = c.WhatsAppNumber
	}
	for k, val := range c.Attributes {
		v["attr."+k] = val
		v["attributes."+k] = val
		if _, taken := v[k]; !taken {
			v[k] = val
		}
	}
	return v
}

// Names lists the placeholders used in text, in order of first use.
func Names(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// Fill replaces every placeholder with its value. Placeholders without a
// value (or with an empty one) are returned in missing, sorted, and left
// empty in the result.
func Fill(text string, values map[string]string) (string, []string) {
	missingSet := map[string]bool{}
	out := placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
		key := placeholderRE.FindStringSubmatch(m)[1]
		val, ok := values[key]
		if !ok || val == "" {
			missingSet[key] = true
			return ""
		}
		return val
	})
	missing := make([]string, 0, len(missingSet))
	for k := range missingSet {
		missing = append(missing, k)
	}
	sort.Strings(missing)
	return out, missing
}
