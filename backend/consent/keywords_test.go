package consent

import (
	"testing"
	"unicode/utf8"
)

func TestParseKeywordInGermanAndEnglish(t *testing.T) {
	w := DefaultWords()
	cases := []struct {
		body  string
		kind  KeywordKind
		group string
	}{
		{"STOP", Stop, ""},
		{"stop", Stop, ""},
		{" Stopp! ", Stop, ""},
		{"Abmelden.", Stop, ""},
		{"ABBESTELLEN", Stop, ""},
		{"unsubscribe", Stop, ""},
		{"Arrêt", Stop, ""},
		{"STOP NEWS", StopGroup, "NEWS"},
		{"stopp news!", StopGroup, "NEWS"},
		{"start news", StartGroup, "NEWS"},
		{"START UNKNOWN", StartGroup, "UNKNOWN"},
		{"Start", Start, ""},
		{"START!!", Start, ""},
		{"anmelden", Start, ""},
		{"please don't stop", NotAKeyword, ""},
		{"Bitte nicht stoppen", NotAKeyword, ""},
		{"STOP sending me this", NotAKeyword, ""},
		{"stop news now", NotAKeyword, ""},
		{"STOP-NEWS", NotAKeyword, ""},
		{"ſtop", NotAKeyword, ""},
		{"", NotAKeyword, ""},
		{"   ", NotAKeyword, ""},
		{"Hallo, ich möchte bestellen", NotAKeyword, ""},
	}
	for _, c := range cases {
		got := ParseKeyword(c.body, w)
		if got.Kind != c.kind || got.Group != c.group {
			t.Errorf("ParseKeyword(%q) = %v %q, want %v %q", c.body, got.Kind, got.Group, c.kind, c.group)
		}
	}
}

func TestAccountWordsReplaceTheDefaults(t *testing.T) {
	w := Words{Stop: []string{"Austragen"}, Start: []string{"Eintragen"}}
	if k := ParseKeyword("austragen", w); k.Kind != Stop || k.Word != "Austragen" {
		t.Errorf("own stop word: %+v", k)
	}
	if k := ParseKeyword("STOP", w); k.Kind != NotAKeyword {
		t.Errorf("a default the account removed still matched: %+v", k)
	}
	if k := ParseKeyword("Eintragen Angebote", w); k.Kind != StartGroup || k.Group != "ANGEBOTE" {
		t.Errorf("own start word with a group: %+v", k)
	}
}

func TestValidGroupKeyword(t *testing.T) {
	w := DefaultWords()
	for s, want := range map[string]bool{"NEWS": true, "news": true, "Angebote2": true, "Ä": false, "STOP": false,
		"start": false, "X": false, "two words": false, "NEWS!": false, "ÄRZTE": true} {
		if got := ValidGroupKeyword(s, w); got != want {
			t.Errorf("ValidGroupKeyword(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzParseKeyword(f *testing.F) {
	for _, s := range []string{"STOP", " Stopp! ", "START NEWS", "please don't stop", "Arrêt", "ſtop", "stop\u0301", "\xff\xfe"} {
		f.Add(s)
	}
	w := DefaultWords()
	f.Fuzz(func(t *testing.T, body string) {
		k := ParseKeyword(body, w)
		switch k.Kind {
		case NotAKeyword:
			if k.Group != "" || k.Word != "" {
				t.Fatalf("no keyword but %+v", k)
			}
		case Stop, Start:
			if k.Group != "" {
				t.Fatalf("%v with a group %q", k.Kind, k.Group)
			}
		case StopGroup, StartGroup:
			if k.Group == "" || !utf8.ValidString(k.Group) {
				t.Fatalf("%v without a valid group: %q", k.Kind, k.Group)
			}
		}
		// Parsing is stable under the folding it applies.
		if again := ParseKeyword(Fold(body), w); again.Kind != k.Kind || again.Group != k.Group {
			t.Fatalf("fold changed the result: %+v vs %+v", k, again)
		}
	})
}
