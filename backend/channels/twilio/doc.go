// Package twilio speaks the Twilio Programmable Messaging wire format (and
// compatible APIs): it verifies and parses form-encoded webhooks (inbound
// messages and status callbacks), recognises the opt-out/opt-in/help keywords,
// sends SMS/MMS through the REST API and downloads inbound media.
//
// The package is provider-specific and has no dependency on the rest of
// Switchboard; the channel adapter maps its types onto the neutral ones.
package twilio
