package routing

import (
	"fmt"
	"time"
)

// BusinessHours are a queue's opening hours in a time zone; outside them an
// inbound conversation gets the out-of-hours reply.
type BusinessHours struct {
	Timezone string `json:"timezone"`
	// Days maps "mon" … "sun" to opening intervals ["09:00", "17:00"].
	Days map[string][][2]string `json:"days"`
}

var dayKeys = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Validate reports the first problem, naming the field.
func (b *BusinessHours) Validate() (string, error) {
	if _, err := time.LoadLocation(b.Timezone); err != nil || b.Timezone == "" {
		return "business_hours.timezone", fmt.Errorf("is not a known time zone (e.g. Europe/Vienna)")
	}
	for day, spans := range b.Days {
		known := false
		for _, k := range dayKeys {
			known = known || k == day
		}
		if !known {
			return "business_hours.days." + day, fmt.Errorf("must be one of mon, tue, wed, thu, fri, sat, sun")
		}
		for i, sp := range spans {
			from, err1 := minuteOfDay(sp[0])
			to, err2 := minuteOfDay(sp[1])
			if err1 != nil || err2 != nil || from >= to || from == 24*60 {
				return fmt.Sprintf("business_hours.days.%s.%d", day, i), fmt.Errorf("must be two times HH:MM, the first before the second")
			}
		}
	}
	return "", nil
}

// Open reports whether t falls in the opening hours; nil hours mean always open.
func (b *BusinessHours) Open(t time.Time) bool {
	if b == nil {
		return true
	}
	loc, err := time.LoadLocation(b.Timezone)
	if err != nil {
		return true
	}
	local := t.In(loc)
	minute := local.Hour()*60 + local.Minute()
	for _, sp := range b.Days[dayKeys[local.Weekday()]] {
		from, _ := minuteOfDay(sp[0])
		to, _ := minuteOfDay(sp[1])
		if minute >= from && minute < to {
			return true
		}
	}
	return false
}

// minuteOfDay reads "HH:MM"; "24:00" is the end of the day.
func minuteOfDay(s string) (int, error) {
	if s == "24:00" {
		return 24 * 60, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}
