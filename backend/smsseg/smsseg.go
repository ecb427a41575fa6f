// Package smsseg counts the SMS segments a message body needs, the way Twilio
// and the carriers bill it: GSM-7 (160 septets, 153 per segment when
// concatenated) unless any character is outside GSM-7, in which case the whole
// message is UCS-2 (70 UTF-16 code units, 67 per segment when concatenated).
package smsseg

import "unicode/utf16"

// Encodings reported in Result.Encoding.
const (
	GSM7 = "GSM-7"
	UCS2 = "UCS-2"
)

// Per-segment capacities. A concatenated message spends 6 octets of every
// segment on the User Data Header.
const (
	GSM7Single = 160
	GSM7Multi  = 153
	UCS2Single = 70
	UCS2Multi  = 67
)

// Result describes how a body is encoded and segmented.
type Result struct {
	// Encoding is GSM7 or UCS2.
	Encoding string `json:"encoding"`
	// Units is the message length in septets (GSM-7; extension characters
	// count 2) or UTF-16 code units (UCS-2; characters outside the BMP count 2).
	Units int `json:"units"`
	// Segments is the number of SMS parts billed; 0 for an empty body.
	Segments int `json:"segments"`
	// PerSegment is the capacity of each segment in units: 160/70 for a
	// single-part message, 153/67 once it is concatenated.
	PerSegment int `json:"per_segment"`
	// Remaining is how many more one-unit characters fit before another
	// segment is needed (for an empty body: a whole single segment).
	Remaining int `json:"remaining"`
}

// Count reports how body is encoded and segmented. It never fails: any character outside GSM-7 (including
// the replacement character for invalid UTF-8) switches the message to UCS-2.
//
// A GSM-7 escape pair and a UTF-16 surrogate pair are never split across
// segments, so a segment may carry one unit less than its capacity; Units
// counts the characters only, not that padding.
//
// An empty body needs no segment: Segments is 0 and Remaining is a full
// single segment (160), so a composer can show "0 / 160" and a campaign cost
// estimate does not bill an MMS-only message for text.
func Count(body string) Result {
	costs, enc := unitCosts(body)
	single, multi := GSM7Single, GSM7Multi
	if enc == UCS2 {
		single, multi = UCS2Single, UCS2Multi
	}

	units := 0
	for _, c := range costs {
		units += c
	}
	if units <= single {
		segments := 1
		if units == 0 {
			segments = 0
		}
		return Result{Encoding: enc, Units: units, Segments: segments, PerSegment: single, Remaining: single - units}
	}

	// Concatenated: pack greedily so that no two-unit character straddles
	// a segment boundary.
	segments, used := 1, 0
	for _, c := range costs {
		if used+c > multi {
			segments++
			used = 0
		}
		used += c
	}
	return Result{Encoding: enc, Units: units, Segments: segments, PerSegment: multi, Remaining: multi - used}
}

// unitCosts returns each character's cost in units and the message encoding.
func unitCosts(body string) ([]int, string) {
	costs := make([]int, 0, len(body))
	for _, r := range body {
		c := gsm7Cost(r)
		if c == 0 {
			return ucs2Costs(body), UCS2
		}
		costs = append(costs, c)
	}
	return costs, GSM7
}

func ucs2Costs(body string) []int {
	costs := make([]int, 0, len(body))
	for _, r := range body {
		n := utf16.RuneLen(r)
		if n < 1 {
			n = 1 // invalid rune: sent as U+FFFD, one code unit
		}
		costs = append(costs, n)
	}
	return costs
}
