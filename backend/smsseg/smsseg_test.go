package smsseg

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

type vectorFile struct {
	Vectors []struct {
		Description string `json:"description"`
		Body        string `json:"body"`
		BodyRepeat  *struct {
			Unit   string `json:"unit"`
			Times  int    `json:"times"`
			Suffix string `json:"suffix"`
		} `json:"body_repeat"`
		Encoding string `json:"encoding"`
		Units    int    `json:"units"`
		Segments int    `json:"segments"`
	} `json:"vectors"`
}

func TestCountMatchesTwilioCalculatorVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/sms_segmentation_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(raw, &vf); err != nil {
		t.Fatal(err)
	}
	if len(vf.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range vf.Vectors {
		t.Run(v.Description, func(t *testing.T) {
			body := v.Body
			if v.BodyRepeat != nil {
				body = strings.Repeat(v.BodyRepeat.Unit, v.BodyRepeat.Times) + v.BodyRepeat.Suffix
			}
			got := Count(body)
			if got.Encoding != v.Encoding || got.Units != v.Units || got.Segments != v.Segments {
				t.Errorf("Count = %+v, want encoding %s units %d segments %d", got, v.Encoding, v.Units, v.Segments)
			}
		})
	}
}

func TestCount(t *testing.T) {
	basic := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		body string
		want Result
	}{
		{"empty body needs no segment", "", Result{GSM7, 0, 0, 160, 160}},
		{"one char", "a", Result{GSM7, 1, 1, 160, 159}},
		{"full single GSM segment", basic(160), Result{GSM7, 160, 1, 160, 0}},
		{"161 GSM chars concatenate", basic(161), Result{GSM7, 161, 2, 153, 145}},
		{"306 GSM chars fill two segments", basic(306), Result{GSM7, 306, 2, 153, 0}},
		{"extension chars cost two septets", "€[]{}|^~\\\f", Result{GSM7, 20, 1, 160, 140}},
		{"extended Latin in GSM basic table", "Ärger über Öl, ß é à Ç Ø ¿¡ §", Result{GSM7, 29, 1, 160, 131}},
		{"extension char at single-segment edge fits", basic(158) + "€", Result{GSM7, 160, 1, 160, 0}},
		{"extension char over single-segment edge", basic(159) + "€", Result{GSM7, 161, 2, 153, 145}},
		// 152 + 2 would straddle the 153 boundary: the escape pair moves to
		// segment 2, which holds '{' + 152 = 154 > 153, so a third segment.
		{"escape pair never split across segments", basic(152) + "{" + basic(152), Result{GSM7, 306, 3, 153, 152}},
		{"escape pair exactly ending a segment", basic(151) + "{" + basic(153), Result{GSM7, 306, 2, 153, 0}},
		{"lowercase c-cedilla is not GSM", "ça", Result{UCS2, 2, 1, 70, 68}},
		{"one non-GSM char makes all UCS-2", basic(100) + "ł", Result{UCS2, 101, 2, 67, 33}},
		{"emoji costs two code units", "😜", Result{UCS2, 2, 1, 70, 68}},
		{"full single UCS-2 segment", strings.Repeat("ж", 70), Result{UCS2, 70, 1, 70, 0}},
		// 66 + 2 would straddle the 67 boundary: the surrogate pair moves on.
		{"surrogate pair never split across segments", strings.Repeat("ж", 66) + "😜" + strings.Repeat("ж", 66), Result{UCS2, 134, 3, 67, 66}},
		{"invalid UTF-8 counts as one UCS-2 unit", "a\xffb", Result{UCS2, 3, 1, 70, 67}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Count(tt.body); got != tt.want {
				t.Errorf("Count(%q) = %+v, want %+v", tt.body, got, tt.want)
			}
		})
	}
}

func TestCountEveryExtensionCharCostsTwo(t *testing.T) {
	for r := range gsm7Extension {
		if got := Count(string(r)); got.Encoding != GSM7 || got.Units != 2 {
			t.Errorf("Count(%q) = %+v, want GSM-7 with 2 units", r, got)
		}
	}
	if n := len(gsm7Basic); n != 127 {
		t.Errorf("basic table has %d characters, want 127 (128 codes minus ESC)", n)
	}
}
