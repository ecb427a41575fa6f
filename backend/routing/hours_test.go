package routing

import (
	"testing"
	"time"
)

func TestBusinessHours(t *testing.T) {
	t.Parallel()
	b := &BusinessHours{Timezone: "Europe/Vienna", Days: map[string][][2]string{
		"mon": {{"09:00", "12:00"}, {"13:00", "17:00"}},
		"sat": {{"20:00", "24:00"}},
	}}
	if f, err := b.Validate(); err != nil {
		t.Fatal(f, err)
	}
	vienna, _ := time.LoadLocation("Europe/Vienna")
	cases := []struct {
		at   time.Time
		open bool
	}{
		{time.Date(2026, 11, 23, 9, 0, 0, 0, vienna), true},    // Monday opening
		{time.Date(2026, 11, 23, 12, 30, 0, 0, vienna), false}, // lunch
		{time.Date(2026, 11, 23, 16, 59, 0, 0, vienna), true},
		{time.Date(2026, 11, 23, 17, 0, 0, 0, vienna), false},
		{time.Date(2026, 11, 24, 10, 0, 0, 0, vienna), false},  // Tuesday: closed
		{time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC), true}, // 09:30 in Vienna
		{time.Date(2026, 11, 28, 23, 59, 0, 0, vienna), true},  // open until midnight
		{time.Date(2026, 11, 29, 0, 0, 0, 0, vienna), false},
	}
	for _, c := range cases {
		if got := b.Open(c.at); got != c.open {
			t.Errorf("Open(%v) = %v", c.at, got)
		}
	}
	var none *BusinessHours
	if !none.Open(time.Now()) {
		t.Error("no hours must mean always open")
	}
	bad := []*BusinessHours{
		{Timezone: "Mars/Olympus"},
		{Timezone: "UTC", Days: map[string][][2]string{"monday": {{"09:00", "10:00"}}}},
		{Timezone: "UTC", Days: map[string][][2]string{"mon": {{"10:00", "09:00"}}}},
		{Timezone: "UTC", Days: map[string][][2]string{"mon": {{"9", "10:00"}}}},
		{Timezone: "UTC", Days: map[string][][2]string{"mon": {{"24:00", "24:00"}}}},
	}
	for i, b := range bad {
		if f, err := b.Validate(); err == nil || f == "" {
			t.Errorf("bad hours %d accepted", i)
		}
	}
}
