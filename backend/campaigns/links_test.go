package campaigns

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFindLinks(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"no link here", nil},
		{"Visit https://shop.example/sale now", []string{"https://shop.example/sale"}},
		{"See https://x.example/a.", []string{"https://x.example/a"}},
		{"(details: http://x.example/p?q=1&r=2)", []string{"http://x.example/p?q=1&r=2"}},
		{"wiki https://en.example/Foo_(bar) ok", []string{"https://en.example/Foo_(bar)"}},
		{"two: https://a.example, https://b.example/x!", []string{"https://a.example", "https://b.example/x"}},
		{"HTTPS://UPPER.example/X", []string{"HTTPS://UPPER.example/X"}},
		{"emoji https://a.example/🎉", []string{"https://a.example/"}},
		{"glued xhttps://a.example", nil},
		{"bare https:// then", nil},
		{"<https://a.example/x>", []string{"https://a.example/x"}},
	}
	for _, c := range cases {
		var got []string
		for _, l := range FindLinks(c.text) {
			got = append(got, l.URL)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("FindLinks(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestReplaceLinksKeepsTheRestOfTheText(t *testing.T) {
	out, err := ReplaceLinks("Hi {{name}}, https://a.example/x and https://b.example.", func(u string) (string, error) {
		return "https://sb.example/l/" + strings.TrimPrefix(u, "https://")[:1], nil
	})
	if err != nil || out != "Hi {{name}}, https://sb.example/l/a and https://sb.example/l/b." {
		t.Fatalf("ReplaceLinks = %q, %v", out, err)
	}
}

func TestNewCodeIsValid(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		c := NewCode()
		if !ValidCode(c) || seen[c] {
			t.Fatalf("code %q invalid or repeated", c)
		}
		seen[c] = true
	}
	for _, bad := range []string{"", "short", "abcdefgh0", "abcdefgh/", "abcdefghij"} {
		if ValidCode(bad) {
			t.Fatalf("ValidCode(%q) = true", bad)
		}
	}
}

func FuzzFindLinks(f *testing.F) {
	for _, s := range []string{"https://a.example/x.", "(http://b.example/(c))", "xhttps://no", "https://", "http://🎉", "https://a.example/\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, l := range FindLinks(text) {
			if l.Start < last || l.End <= l.Start || l.End > len(text) {
				t.Fatalf("bad span %+v in %q", l, text)
			}
			if text[l.Start:l.End] != l.URL {
				t.Fatalf("span and URL differ: %+v", l)
			}
			low := strings.ToLower(l.URL)
			if !strings.HasPrefix(low, "https://") && !strings.HasPrefix(low, "http://") {
				t.Fatalf("not a link: %q", l.URL)
			}
			if strings.ContainsAny(l.URL, " \n\t<>\"") || !utf8.ValidString(l.URL) {
				t.Fatalf("link holds a delimiter: %q", l.URL)
			}
			last = l.End
		}
		// Replacing every link with itself gives the text back.
		same, err := ReplaceLinks(text, func(u string) (string, error) { return u, nil })
		if err != nil || same != text {
			t.Fatalf("identity replace changed %q into %q", text, same)
		}
	})
}
