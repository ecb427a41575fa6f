package twilio_test

import (
	"fmt"
	"net/url"

	"switchboard/backend/channels/twilio"
)

// A webhook handler verifies the signature against the URL configured at the
// provider, then parses the form.
func ExampleValidateSignature() {
	const webhookURL = "https://desk.example.com/webhooks/twilio/42"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+14017122661"}, "To": {"+15558675310"}, "Body": {" Stop "}}
	signature := twilio.ComputeSignature("auth-token", webhookURL, form) // sent in X-Twilio-Signature

	if !twilio.ValidateSignature("auth-token", webhookURL, form, signature) {
		fmt.Println("forbidden")
		return
	}
	in, err := twilio.ParseInbound(form)
	if err != nil {
		fmt.Println("bad request:", err)
		return
	}
	fmt.Println(in.MessageSID, in.From, twilio.IsOptOut(in.Body))
	// Output: SM1 +14017122661 true
}

// Status callbacks arrive out of order; a stored status is only replaced by
// one that supersedes it.
func ExampleState_Supersedes() {
	stored := twilio.StateRead
	late := twilio.StateDelivered
	fmt.Println(late.Supersedes(stored), twilio.StateRead.Supersedes(twilio.StateDelivered))
	// Output: false true
}
