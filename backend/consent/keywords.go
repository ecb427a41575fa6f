// Package consent keeps who may be messaged on which channel kind, and
// reads the keywords (STOP, START <GROUP>, …) people send to change it.
package consent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// KeywordKind is what a keyword message asks for.
type KeywordKind int

const (
	// NotAKeyword is an ordinary message.
	NotAKeyword KeywordKind = iota
	// Stop revokes consent on the channel kind and leaves every group.
	Stop
	// Start opts in again.
	Start
	// StopGroup leaves one group; consent stays.
	StopGroup
	// StartGroup joins one group (an opt-in where the account allows it).
	StartGroup
)

func (k KeywordKind) String() string {
	switch k {
	case Stop:
		return "stop"
	case Start:
		return "start"
	case StopGroup:
		return "stop_group"
	case StartGroup:
		return "start_group"
	}
	return "none"
}

// DefaultStopWords are the stop words of an account that has not edited
// its own (German, English, French).
var DefaultStopWords = []string{"STOP", "STOPP", "ABMELDEN", "ABBESTELLEN", "UNSUBSCRIBE", "CANCEL", "END",
	"QUIT", "STOPALL", "REVOKE", "OPTOUT", "ARRET"}

// DefaultStartWords opt in again.
var DefaultStartWords = []string{"START", "UNSTOP", "ANMELDEN"}

// Keyword is a parsed keyword message.
type Keyword struct {
	Kind KeywordKind
	// Word is the stop or start word as the account defines it.
	Word string
	// Group is the group keyword named after it (folded to upper case),
	// for StopGroup and StartGroup; it may name no group of the account.
	Group string
}

// Words are an account's keywords.
type Words struct {
	Stop  []string
	Start []string
}

// DefaultWords returns the default stop and start words.
func DefaultWords() Words { return Words{Stop: DefaultStopWords, Start: DefaultStartWords} }

// ParseKeyword reads body as a keyword message: the whole message must be
// a stop or start word, optionally followed by one group keyword, ignoring
// case, surrounding space, trailing punctuation and diacritics ("Stopp!",
// " start news ", "ARRÊT"). Anything else — "please don't stop", "STOP
// sending me this" — is NotAKeyword.
func ParseKeyword(body string, w Words) Keyword {
	if len(body) > 200 {
		return Keyword{}
	}
	fields := strings.Fields(Fold(body))
	if len(fields) == 0 || len(fields) > 2 {
		return Keyword{}
	}
	first := fields[0]
	group := ""
	if len(fields) == 2 {
		group = fields[1]
		if !validGroupKeyword(group) {
			return Keyword{}
		}
	}
	if word, ok := match(first, w.Stop); ok {
		if group != "" {
			return Keyword{Kind: StopGroup, Word: word, Group: group}
		}
		return Keyword{Kind: Stop, Word: word}
	}
	if word, ok := match(first, w.Start); ok {
		if group != "" {
			return Keyword{Kind: StartGroup, Word: word, Group: group}
		}
		return Keyword{Kind: Start, Word: word}
	}
	return Keyword{}
}

func match(folded string, words []string) (string, bool) {
	for _, w := range words {
		if Fold(w) == folded {
			return w, true
		}
	}
	return "", false
}

// validGroupKeyword: letters and digits only, as group keywords are.
func validGroupKeyword(s string) bool {
	if len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Fold normalises a keyword for comparison: canonical decomposition with
// the combining marks removed (ARRÊT → ARRET, but not compatibility
// look-alikes such as the long s in "ſtop"), upper case, surrounding space
// and trailing punctuation trimmed.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.TrimSpace(out)
	out = strings.TrimRightFunc(out, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	return strings.Map(upper, out)
}

// upper upper-cases r, except non-ASCII letters whose upper case is ASCII
// (ſ → S, ı → I): look-alikes must not turn into keywords.
func upper(r rune) rune {
	u := unicode.ToUpper(r)
	if r > unicode.MaxASCII && u <= unicode.MaxASCII {
		return r
	}
	return u
}

// ValidGroupKeyword reports whether s can be a group's keyword: 2–40
// letters or digits, and not one of the stop or start words.
func ValidGroupKeyword(s string, w Words) bool {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) < 2 || !validGroupKeyword(s) {
		return false
	}
	f := Fold(s)
	if _, stop := match(f, w.Stop); stop {
		return false
	}
	_, start := match(f, w.Start)
	return !start
}
