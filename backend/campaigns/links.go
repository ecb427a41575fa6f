package campaigns

import (
	"crypto/rand"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FoundLink is a URL found in message text: text[Start:End].
type FoundLink struct {
	Start, End int
	URL        string
}

// FindLinks returns the http(s) links in text, in order. A link ends at
// white space or a character that cannot be in a URL; trailing punctuation
// ("see https://x.example/a." or "(https://x.example/a)") stays outside.
func FindLinks(text string) []FoundLink {
	var out []FoundLink
	lower := strings.ToLower(text)
	for i := 0; i < len(text); {
		j := strings.Index(lower[i:], "http")
		if j < 0 {
			break
		}
		start := i + j
		rest := lower[start:]
		var scheme int
		switch {
		case strings.HasPrefix(rest, "https://"):
			scheme = len("https://")
		case strings.HasPrefix(rest, "http://"):
			scheme = len("http://")
		default:
			i = start + 4
			continue
		}
		// A scheme glued to a word ("xhttp://") is not a link.
		if start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:start]); unicode.IsLetter(r) || unicode.IsDigit(r) {
				i = start + scheme
				continue
			}
		}
		end := start + scheme
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !urlRune(r) {
				break
			}
			end += size
		}
		end = trimLinkEnd(text, start+scheme, end)
		if end > start+scheme {
			out = append(out, FoundLink{Start: start, End: end, URL: text[start:end]})
		}
		if end <= start {
			end = start + scheme
		}
		i = end
	}
	return out
}

func urlRune(r rune) bool {
	if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
		return false
	}
	switch r {
	case '<', '>', '"', '`', '{', '}', '|', '\\', '^':
		return false
	}
	return r < utf8.RuneSelf // non-ASCII ends a link (emoji, quotes after it)
}

// trimLinkEnd drops trailing punctuation, and a closing parenthesis that
// has no opening one in the link.
func trimLinkEnd(text string, hostStart, end int) int {
	for end > hostStart {
		c := text[end-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			end--
			continue
		case ')':
			if strings.Count(text[hostStart:end], "(") < strings.Count(text[hostStart:end], ")") {
				end--
				continue
			}
		case ']':
			if strings.Count(text[hostStart:end], "[") < strings.Count(text[hostStart:end], "]") {
				end--
				continue
			}
		}
		break
	}
	return end
}

// ReplaceLinks rewrites every link of text with what short returns for it.
func ReplaceLinks(text string, short func(url string) (string, error)) (string, error) {
	links := FindLinks(text)
	if len(links) == 0 {
		return text, nil
	}
	var b strings.Builder
	last := 0
	for _, l := range links {
		s, err := short(l.URL)
		if err != nil {
			return "", err
		}
		b.WriteString(text[last:l.Start])
		b.WriteString(s)
		last = l.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// codeAlphabet is URL-safe and has no look-alike characters.
const codeAlphabet = "23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLength is the length of a link code: 57^9 ≈ 6·10^15 codes, so a
// guess hits one of a hundred million links once in sixty million tries.
const CodeLength = 9

// NewCode returns a random link code.
func NewCode() string {
	var raw [CodeLength]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic("campaigns: no randomness: " + err.Error())
	}
	var b [CodeLength]byte
	for i, x := range raw {
		// 256 % 57 bias is small and harmless for link codes.
		b[i] = codeAlphabet[int(x)%len(codeAlphabet)]
	}
	return string(b[:])
}

// ValidCode reports whether s can be a link code (checked before the
// lookup, so random probes cost no query).
func ValidCode(s string) bool {
	if len(s) != CodeLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(codeAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}
