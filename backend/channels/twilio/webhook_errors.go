package twilio

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// ErrInvalidWebhook is wrapped by every ParseInbound and ParseStatus error, so
// a webhook handler can answer 400 for all of them with errors.Is.
var ErrInvalidWebhook = errors.New("twilio: invalid webhook")

func invalidWebhook(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidWebhook, fmt.Sprintf(format, args...))
}

// requiredField returns the first value of name, or an error if it is empty.
func requiredField(form url.Values, name string) (string, error) {
	v := form.Get(name)
	if v == "" {
		return "", invalidWebhook("missing %s", name)
	}
	return v, nil
}

// optionalInt parses the first value of name; a missing or empty field is 0.
func optionalInt(form url.Values, name string) (int, error) {
	v := form.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalidWebhook("%s is not a non-negative integer: %q", name, v)
	}
	return n, nil
}

// messageSID returns MessageSid, falling back to the deprecated duplicates
// that older webhooks still carry.
func messageSID(form url.Values) (string, error) {
	for _, name := range []string{"MessageSid", "SmsMessageSid", "SmsSid"} {
		if v := form.Get(name); v != "" {
			return v, nil
		}
	}
	return "", invalidWebhook("missing MessageSid")
}
