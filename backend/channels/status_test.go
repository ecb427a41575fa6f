package channels_test

import (
	"testing"

	"switchboard/backend/channels"
)

func TestStatusRanksFollowTheDeliveryLifecycle(t *testing.T) {
	t.Parallel()
	order := []channels.Status{
		channels.StatusUnknown,
		channels.StatusPending,
		channels.StatusAccepted,
		channels.StatusSent,
		channels.StatusFailed,
		channels.StatusDelivered,
		channels.StatusRead,
		channels.StatusPlayed,
	}
	for i := 1; i < len(order); i++ {
		prev, next := order[i-1], order[i]
		if next.Rank() <= prev.Rank() || !next.Supersedes(prev) || prev.Supersedes(next) {
			t.Errorf("%v (rank %d) should supersede %v (rank %d)", next, next.Rank(), prev, prev.Rank())
		}
	}
	for _, s := range order {
		if s.Supersedes(s) {
			t.Errorf("%v supersedes itself", s)
		}
	}
}

func TestStatusNamesRoundTrip(t *testing.T) {
	t.Parallel()
	for s := channels.StatusUnknown; s <= channels.StatusPlayed; s++ {
		if got := channels.ParseStatus(s.String()); got != s {
			t.Errorf("ParseStatus(%q) = %v, want %v", s.String(), got, s)
		}
	}
	if got := channels.ParseStatus("warning"); got != channels.StatusUnknown {
		t.Errorf("ParseStatus(warning) = %v", got)
	}
	if got := channels.Status(99); got.String() != "unknown" || got.Rank() != 0 {
		t.Errorf("out-of-range status: %q rank %d", got.String(), got.Rank())
	}
}
