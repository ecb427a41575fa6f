package twilio

import (
	"errors"
	"net/url"
	"testing"
)

func TestParseStatusFixtures(t *testing.T) {
	tests := []struct {
		file string
		want Status
	}{
		{"twilio_status_callback_sent.form.txt", Status{
			MessageSID: "SM1342fe1b2c904d1ab04f0fc7a58abca9", AccountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From: "+15017250604", To: "+15558675310", State: StateSent,
		}},
		{"twilio_status_callback_delivered.form.txt", Status{
			MessageSID: "SM1342fe1b2c904d1ab04f0fc7a58abca9", AccountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			MessagingServiceSID: "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From:                "+15017250604", To: "+15558675310", State: StateDelivered, RawDlrDoneDate: "2508271433",
		}},
		{"twilio_status_callback_undelivered.form.txt", Status{
			MessageSID: "SM1342fe1b2c904d1ab04f0fc7a58abca9", AccountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			From: "+15017250604", To: "+15558675310", State: StateUndelivered, ErrorCode: 30003, RawDlrDoneDate: "2508271433",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseStatus(readForm(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("ParseStatus =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseStatusUndeliveredIsFinalFailure(t *testing.T) {
	st, err := ParseStatus(readForm(t, "twilio_status_callback_undelivered.form.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.State.Failed() || !st.State.Final() {
		t.Errorf("undelivered: Failed=%v Final=%v, want both", st.State.Failed(), st.State.Final())
	}
	if got := DescribeError(st.ErrorCode); got == DescribeError(-1) {
		t.Errorf("30003 has only the generic description")
	}
}

func TestParseStatusNormalizesCaseAndFallsBackToSmsStatus(t *testing.T) {
	st, err := ParseStatus(url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"Delivered"}})
	if err != nil || st.State != StateDelivered {
		t.Errorf("got %+v, %v; want delivered", st, err)
	}
	st, err = ParseStatus(url.Values{"MessageSid": {"SM1"}, "SmsStatus": {"sent"}})
	if err != nil || st.State != StateSent {
		t.Errorf("got %+v, %v; want sent", st, err)
	}
}

func TestParseStatusKeepsUnknownStateWithoutRank(t *testing.T) {
	st, err := ParseStatus(url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"teleported"}})
	if err != nil {
		t.Fatal(err)
	}
	if st.State != "teleported" || st.State.Rank() != RankUnknown || st.State.Supersedes(StateQueued) {
		t.Errorf("unknown state %q: rank %d supersedes queued %v", st.State, st.State.Rank(), st.State.Supersedes(StateQueued))
	}
}

func TestParseStatusRejectsBadForms(t *testing.T) {
	tests := map[string]url.Values{
		"missing MessageSid":    {"MessageStatus": {"sent"}},
		"missing MessageStatus": {"MessageSid": {"SM1"}},
		"ErrorCode not numeric": {"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"oops"}},
	}
	for name, form := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseStatus(form); !errors.Is(err, ErrInvalidWebhook) {
				t.Errorf("err = %v, want ErrInvalidWebhook", err)
			}
		})
	}
}

func TestStateRankOrder(t *testing.T) {
	order := [][]State{
		{StateAccepted, StateScheduled, StateQueued},
		{StateSending},
		{StateSent},
		{StateDelivered, StateUndelivered, StateFailed, StateCanceled, StatePartiallyDelivered},
		{StateRead},
	}
	for i, level := range order {
		for _, s := range level {
			if s.Rank() != i+1 {
				t.Errorf("%s.Rank() = %d, want %d", s, s.Rank(), i+1)
			}
		}
	}
}

func TestStateNeverGoesBackwards(t *testing.T) {
	tests := []struct {
		prev, next State
		want       bool
	}{
		{StateQueued, StateSent, true},
		{StateSent, StateDelivered, true},
		{StateDelivered, StateRead, true},
		{StateRead, StateDelivered, false}, // a late "delivered" does not downgrade "read"
		{StateDelivered, StateSent, false},
		{StateUndelivered, StateSent, false},
		{StateSent, StateUndelivered, true},
		{StateQueued, StateFailed, true},
		{StateDelivered, StateDelivered, false}, // duplicates change nothing
		{StateDelivered, StateFailed, false},    // the first final outcome stands
		{StateScheduled, StateCanceled, true},
		{"", StateQueued, true},
		{StateSent, StateReceived, false},
	}
	for _, tt := range tests {
		if got := tt.next.Supersedes(tt.prev); got != tt.want {
			t.Errorf("%q.Supersedes(%q) = %v, want %v", tt.next, tt.prev, got, tt.want)
		}
	}
}
