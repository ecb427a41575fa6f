package twilio

import (
	"bufio"
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The fixtures were signed for this webhook URL and auth token.
const (
	fixtureURL   = "https://example.com/twilio/sms"
	fixtureToken = "12345"
)

var vectorLine = regexp.MustCompile(`^(twilio_\S+\.form\.txt): X-Twilio-Signature: (\S+)$`)

func TestValidateSignatureAcceptsEveryFixtureVector(t *testing.T) {
	sc := bufio.NewScanner(bytes.NewReader(readFixture(t, "signature_vectors.txt")))
	n := 0
	for sc.Scan() {
		m := vectorLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n++
		file, sig := m[1], m[2]
		t.Run(file, func(t *testing.T) {
			form := readForm(t, file)
			if !ValidateSignature(fixtureToken, fixtureURL, form, sig) {
				t.Fatalf("valid signature rejected")
			}
			if got := ComputeSignature(fixtureToken, fixtureURL, form); got != sig {
				t.Errorf("ComputeSignature = %s, want %s", got, sig)
			}
			if !ValidateSignature(fixtureToken, "https://example.com:443/twilio/sms", form, sig) {
				t.Errorf("rejected with the default port added to the URL")
			}

			tampered := cloneValues(form)
			tampered.Set("To", "+15550000000")
			if ValidateSignature(fixtureToken, fixtureURL, tampered, sig) {
				t.Errorf("accepted a tampered value")
			}
			extra := cloneValues(form)
			extra.Set("Injected", "1")
			if ValidateSignature(fixtureToken, fixtureURL, extra, sig) {
				t.Errorf("accepted an added parameter")
			}
			if ValidateSignature("54321", fixtureURL, form, sig) {
				t.Errorf("accepted with the wrong auth token")
			}
			if ValidateSignature(fixtureToken, "https://example.com/twilio/sms/", form, sig) {
				t.Errorf("accepted for another URL")
			}
			if ValidateSignature(fixtureToken, "http://example.com/twilio/sms", form, sig) {
				t.Errorf("accepted for another scheme")
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Fatalf("found %d Twilio vectors, want 6", n)
	}
}

// Published vectors: Twilio's webhook-security docs and twilio-go's
// client/request_validator_test.go (token 12345 throughout).
func TestValidateSignaturePublishedVectors(t *testing.T) {
	docsParams := url.Values{
		"Digits": {"1234"}, "To": {"+18005551212"}, "From": {"+14158675310"},
		"Caller": {"+14158675310"}, "CallSid": {"CA1234567890ABCDE"},
	}
	goParams := url.Values{
		"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"},
		"Caller": {"+14158675309"}, "From": {"+14158675309"},
	}
	// "Reason" must sort before "ReasonConferenceEnded".
	reasonParams := cloneValues(goParams)
	reasonParams.Set("ReasonConferenceEnded", "test")
	reasonParams.Set("Reason", "Participant")

	tests := []struct {
		name   string
		url    string
		params url.Values
		sig    string
	}{
		{"docs", "https://example.com/myapp.php?foo=1&bar=2", docsParams, "L/OH5YylLD5NRKLltdqwSvS0BnU="},
		{"twilio-go https", "https://mycompany.com/myapp.php?foo=1&bar=2", goParams, "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
		{"twilio-go signed with :443", "https://mycompany.com/myapp.php?foo=1&bar=2", goParams, "kvajT1Ptam85bY51eRf/AJRuM3w="},
		{"twilio-go http", "http://mycompany.com/myapp.php?foo=1&bar=2", goParams, "0ZXoZLH/DfblKGATFgpif+LLRf4="},
		{"twilio-go http with port 1234", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", goParams, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="},
		{"twilio-go byte-order sort", "https://mycompany.com/myapp.php?foo=1&bar=2", reasonParams, "vOEb5UThFn24KEfnOFLQY2AE5FY="},
		{"twilio-go byte-order sort http", "http://mycompany.com/myapp.php?foo=1&bar=2", reasonParams, "n2xBNyzSW7rfYStDtOFiFMv7qNo="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !ValidateSignature("12345", tt.url, tt.params, tt.sig) {
				t.Errorf("valid signature rejected")
			}
			if ValidateSignature("12345", tt.url, tt.params, "WRONG SIGNATURE") {
				t.Errorf("wrong signature accepted")
			}
		})
	}
}

func TestValidateSignatureDefaultPortBothWays(t *testing.T) {
	params := url.Values{"Body": {"hi"}}
	tests := []struct {
		name, signedURL, configuredURL string
		want                           bool
	}{
		{"https signed with :443, configured without", "https://example.com:443/t?x=1", "https://example.com/t?x=1", true},
		{"https signed without, configured with :443", "https://example.com/t?x=1", "https://example.com:443/t?x=1", true},
		{"http signed with :80, configured without", "http://example.com/t", "http://example.com:80/t", true},
		{"http signed without, configured with :80", "http://example.com:80/t", "http://example.com/t", true},
		{"userinfo kept while adding the port", "https://u:p@example.com:443/t", "https://u:p@example.com/t", true},
		{"https with :80 is not a default port", "https://example.com:80/t", "https://example.com/t", false},
		// twilio-go drops any port; a non-default port is a different endpoint.
		{"non-default port is never dropped", "https://example.com/t", "https://example.com:8443/t", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := ComputeSignature("tok", tt.signedURL, params)
			if got := ValidateSignature("tok", tt.configuredURL, params, sig); got != tt.want {
				t.Errorf("ValidateSignature = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateSignatureRepeatedKeySignsFirstValue(t *testing.T) {
	// FORMATS.md §2.4 / twilio-go: only the first value of a repeated name
	// is signed, which is why the parsers read first values only.
	one := url.Values{"MediaUrl": {"https://a.example/1"}}
	sig := ComputeSignature("tok", "https://example.com/t", one)
	two := url.Values{"MediaUrl": {"https://a.example/1", "https://evil.example/2"}}
	if !ValidateSignature("tok", "https://example.com/t", two, sig) {
		t.Errorf("signature over the first value rejected")
	}
}

func TestValidateSignatureRejectsEmptyTokenAndSignature(t *testing.T) {
	params := url.Values{"Body": {"hi"}}
	sig := ComputeSignature("", "https://example.com/t", params)
	if ValidateSignature("", "https://example.com/t", params, sig) {
		t.Errorf("accepted with an empty auth token")
	}
	if ValidateSignature("tok", "https://example.com/t", params, "") {
		t.Errorf("accepted an empty signature")
	}
}

func TestValidateBodySignature(t *testing.T) {
	const bodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
	body := []byte(`{"property": "value", "boolean": true}`)
	withParams := "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + bodyHash
	onlyHash := "https://mycompany.com/myapp.php?bodySHA256=" + bodyHash

	if !ValidateBodySignature("12345", withParams, body, "a9nBmqA0ju/hNViExpshrM61xv4=") {
		t.Errorf("published vector rejected")
	}
	if !ValidateBodySignature("12345", onlyHash, body, "y77kIzt2vzLz71DgmJGsen2scGs=") {
		t.Errorf("published vector with only bodySHA256 rejected")
	}
	if ValidateBodySignature("12345", withParams, []byte(`{"property": "other", "boolean": true}`), "a9nBmqA0ju/hNViExpshrM61xv4=") {
		t.Errorf("accepted a body that does not match bodySHA256")
	}
	if ValidateBodySignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") {
		t.Errorf("accepted a URL without bodySHA256")
	}
	if ValidateBodySignature("12345", strings.Replace(withParams, "foo=1", "foo=2", 1), body, "a9nBmqA0ju/hNViExpshrM61xv4=") {
		t.Errorf("accepted a tampered URL")
	}
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}
