package contacts

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseAttributeValue(t *testing.T) {
	t.Parallel()
	choice := AttributeDef{Type: TypeChoice, Options: []string{"Gold", "Silber"}}
	cases := []struct {
		name string
		def  AttributeDef
		raw  string
		want any
		code string
	}{
		{"empty clears", AttributeDef{Type: TypeNumber}, "  ", nil, ""},
		{"text trimmed", AttributeDef{Type: TypeText}, " Wien ", "Wien", ""},
		{"number dot", AttributeDef{Type: TypeNumber}, "1.5", 1.5, ""},
		{"number comma", AttributeDef{Type: TypeNumber}, "1,5", 1.5, ""},
		{"number German thousands", AttributeDef{Type: TypeNumber}, "1.234,5", 1234.5, ""},
		{"number negative", AttributeDef{Type: TypeNumber}, "-3", -3.0, ""},
		{"number garbage", AttributeDef{Type: TypeNumber}, "zwölf", nil, "invalid_number"},
		{"number inf", AttributeDef{Type: TypeNumber}, "1e999", nil, "invalid_number"},
		{"date iso", AttributeDef{Type: TypeDate}, "2026-12-04", "2026-12-04", ""},
		{"date German", AttributeDef{Type: TypeDate}, "04.12.2026", "2026-12-04", ""},
		{"date short", AttributeDef{Type: TypeDate}, "4.12.26", "2026-12-04", ""},
		{"date US refused", AttributeDef{Type: TypeDate}, "12/04/2026", nil, "invalid_date"},
		{"date impossible", AttributeDef{Type: TypeDate}, "31.02.2026", nil, "invalid_date"},
		{"boolean ja", AttributeDef{Type: TypeBoolean}, "Ja", true, ""},
		{"boolean x", AttributeDef{Type: TypeBoolean}, "x", true, ""},
		{"boolean nein", AttributeDef{Type: TypeBoolean}, "nein", false, ""},
		{"boolean 0", AttributeDef{Type: TypeBoolean}, "0", false, ""},
		{"boolean garbage", AttributeDef{Type: TypeBoolean}, "vielleicht", nil, "invalid_boolean"},
		{"choice case-insensitive", choice, "gold", "Gold", ""},
		{"choice unknown", choice, "Bronze", nil, "not_an_option"},
	}
	for _, c := range cases {
		got, err := ParseAttributeValue(c.def, c.raw)
		if c.code != "" {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Code != c.code {
				t.Errorf("%s: err = %v, want code %s", c.name, err, c.code)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, %v; want %#v", c.name, got, err, c.want)
		}
	}
}

func FuzzParseAttributeValue(f *testing.F) {
	for _, s := range []string{"1,5", "04.12.2026", "ja", "Gold", "", "1.234,5", "4.12.26", "x"} {
		f.Add(s)
	}
	types := []string{TypeText, TypeNumber, TypeDate, TypeBoolean, TypeChoice}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, typ := range types {
			def := AttributeDef{Type: typ, Options: []string{"Gold", "Silber"}}
			v, err := ParseAttributeValue(def, raw)
			if err != nil {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Code == "" {
					t.Fatalf("%s %q: error %v is no *FieldError with a code", typ, raw, err)
				}
				continue
			}
			if v == nil {
				continue
			}
			// A parsed value parses again to itself (what is stored is stable).
			again, err := ParseAttributeValue(def, FormatAttributeValue(v))
			if err != nil || !reflect.DeepEqual(again, v) {
				t.Fatalf("%s %q: %#v reparsed to %#v, %v", typ, raw, v, again, err)
			}
		}
	})
}
