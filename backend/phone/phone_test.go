package phone

import "testing"

func TestNormalize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, region, want string
		ok               bool
	}{
		{"+49 151 1234 5678", "", "+4915112345678", true},
		{"004915112345678", "", "+4915112345678", true},
		{"16505551234", "", "+16505551234", true},
		{"0151 12345678", "DE", "+4915112345678", true},
		{"+1 (650) 555-1234", "", "+16505551234", true},
		{"", "", "", false},
		{"hello", "", "", false},
		{"+12", "", "", false},
	}
	for _, c := range cases {
		got, err := Normalize(c.in, c.region)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("Normalize(%q, %q) = %q, %v", c.in, c.region, got, err)
		}
	}
}
