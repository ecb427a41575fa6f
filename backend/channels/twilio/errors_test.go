package twilio

import (
	"strings"
	"testing"
)

func TestDescribeError(t *testing.T) {
	generic := DescribeError(99999)
	if !strings.Contains(generic, "99999") {
		t.Errorf("generic description %q does not name the code", generic)
	}
	seen := map[string]int{}
	for _, code := range []int{21211, 21610, 30003, 30004, 30005, 30006, 30007} {
		d := DescribeError(code)
		if d == "" || strings.Contains(d, "provider error") {
			t.Errorf("DescribeError(%d) = %q, want a specific text", code, d)
		}
		if other, dup := seen[d]; dup {
			t.Errorf("codes %d and %d share the description %q", other, code, d)
		}
		seen[d] = code
	}
	if d := DescribeError(0); d == "" {
		t.Errorf("DescribeError(0) is empty")
	}
}

func TestSendErrorClassification(t *testing.T) {
	tests := []struct {
		code, status        int
		permanent, optedOut bool
	}{
		{21211, 400, true, false},
		{21610, 400, true, true},
		{30003, 400, true, false},
		{30005, 400, true, false},
		{30006, 400, true, false},
		{30007, 400, true, false},
		{20429, 429, false, false},
		{0, 429, false, false},
		{0, 500, false, false},
		{0, 502, false, false},
		{21606, 400, true, false}, // other client errors fail the same way again
	}
	for _, tt := range tests {
		e := &SendError{Code: tt.code, HTTPStatus: tt.status}
		e.classify()
		if e.Permanent != tt.permanent || e.OptedOut != tt.optedOut {
			t.Errorf("code %d status %d: Permanent=%v OptedOut=%v, want %v %v",
				tt.code, tt.status, e.Permanent, e.OptedOut, tt.permanent, tt.optedOut)
		}
	}
}

func TestSendErrorMessage(t *testing.T) {
	e := &SendError{Code: 21211, HTTPStatus: 400, Message: "The 'To' number 5551234567 is not a valid phone number."}
	if got := e.Error(); !strings.Contains(got, "21211") || !strings.Contains(got, "not a valid phone number") {
		t.Errorf("Error() = %q", got)
	}
}
