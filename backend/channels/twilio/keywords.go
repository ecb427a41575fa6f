package twilio

import "strings"

// Default keywords Twilio handles on long codes and toll-free numbers. The
// inbound message is still delivered to the webhook, so Switchboard records
// the consent change itself.
var (
	optOutKeywords = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
	optInKeywords  = []string{"START", "YES", "UNSTOP"}
	helpKeywords   = []string{"HELP", "INFO"}
)

// IsOptOut reports whether body is an opt-out keyword such as STOP.
func IsOptOut(body string) bool { return isKeyword(body, optOutKeywords) }

// IsOptIn reports whether body is an opt-in keyword such as START.
func IsOptIn(body string) bool { return isKeyword(body, optInKeywords) }

// IsHelp reports whether body is a help keyword (HELP, INFO).
func IsHelp(body string) bool { return isKeyword(body, helpKeywords) }

// isKeyword matches only a message that is exactly one keyword once
// surrounding whitespace is trimmed ("STOP PLEASE" is not a keyword), ignoring
// ASCII case. Case folding is ASCII-only so that look-alikes such as the long
// s in "ſtop" do not match.
func isKeyword(body string, keywords []string) bool {
	word := strings.TrimSpace(body)
	for _, kw := range keywords {
		if equalFoldASCII(word, kw) {
			return true
		}
	}
	return false
}

func equalFoldASCII(s, upper string) bool {
	if len(s) != len(upper) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			return false
		}
	}
	return true
}
