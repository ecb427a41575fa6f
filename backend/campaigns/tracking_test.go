package campaigns

import (
	"testing"
	"time"
)

func TestIsBot(t *testing.T) {
	const human = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
	cases := []struct {
		name, method, ua string
		since            time.Duration
		want             bool
	}{
		{"person on a phone", "GET", human, time.Minute, false},
		{"WhatsApp preview", "GET", "WhatsApp/2.23.20.0 A", time.Minute, true},
		{"Facebook fetcher", "GET", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", time.Hour, true},
		{"Twitter", "GET", "Twitterbot/1.0", time.Hour, true},
		{"Slack", "GET", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", time.Hour, true},
		{"Telegram", "GET", "TelegramBot (like TwitterBot)", time.Hour, true},
		{"Discord", "GET", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", time.Hour, true},
		{"Google", "GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", time.Hour, true},
		{"HEAD request", "HEAD", human, time.Hour, true},
		{"within 2 s of the send", "GET", human, 1500 * time.Millisecond, true},
		{"no user agent", "GET", "", time.Hour, true},
		{"just after the window", "GET", human, 2 * time.Second, false},
	}
	for _, c := range cases {
		if got := IsBot(c.method, c.ua, c.since); got != c.want {
			t.Errorf("%s: IsBot = %v, want %v", c.name, got, c.want)
		}
	}
}
