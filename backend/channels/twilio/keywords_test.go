package twilio

import "testing"

func TestKeywords(t *testing.T) {
	type kind int
	const (
		none kind = iota
		optOut
		optIn
		help
	)
	tests := []struct {
		body string
		want kind
	}{
		{"STOP", optOut}, {"stop", optOut}, {" stop ", optOut}, {"\tStop\r\n", optOut},
		{"STOPALL", optOut}, {"unsubscribe", optOut}, {"Cancel", optOut}, {"END", optOut},
		{"quit", optOut}, {"REVOKE", optOut}, {"OptOut", optOut},
		{"START", optIn}, {"yes", optIn}, {"Unstop", optIn},
		{"HELP", help}, {"info", help},
		{"STOP PLEASE", none}, {"please stop", none}, {"STOP.", none}, {"STOP!", none},
		{"S T O P", none}, {"", none}, {"   ", none}, {"STOPP", none}, {"OPT OUT", none},
		{"ſtop", none},       // Unicode long s folds to s, but only ASCII case is ignored
		{"START NEWS", none}, // group keywords are the caller's business
	}
	for _, tt := range tests {
		got := none
		matches := 0
		if IsOptOut(tt.body) {
			got, matches = optOut, matches+1
		}
		if IsOptIn(tt.body) {
			got, matches = optIn, matches+1
		}
		if IsHelp(tt.body) {
			got, matches = help, matches+1
		}
		if matches > 1 || got != tt.want {
			t.Errorf("%q: got kind %d (%d matches), want %d", tt.body, got, matches, tt.want)
		}
	}
}
