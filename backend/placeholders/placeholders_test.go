package placeholders

import (
	"reflect"
	"testing"
)

func TestFillFromContact(t *testing.T) {
	t.Parallel()
	v := Values(Contact{Name: "Erika Maria Muster", SMSNumber: "+4915112345678", Attributes: map[string]string{"city": "Wien", "name": "ignored"}})
	got, missing := Fill("Hallo {{first_name}} {{ last_name }} aus {{city}} ({{attributes.city}}), {{phone}} {{plan}}", v)
	if got != "Hallo Erika Maria Muster aus Wien (Wien), +4915112345678 " || !reflect.DeepEqual(missing, []string{"plan"}) {
		t.Fatalf("got %q missing %v", got, missing)
	}
	if v["name"] != "Erika Maria Muster" {
		t.Fatalf("attribute overrode the name: %q", v["name"])
	}
	if got, _ := Fill("{{attr.city}}", v); got != "Wien" {
		t.Fatalf("attr.city = %q", got)
	}
	split := Values(Contact{Name: "Dr. Erika Muster", FirstName: "Erika", LastName: "Muster"})
	if split["first_name"] != "Erika" || split["last_name"] != "Muster" {
		t.Fatalf("first/last name fields not used: %v", split)
	}
	if n := Names("{{a}} {{b}} {{a}}"); !reflect.DeepEqual(n, []string{"a", "b"}) {
		t.Fatalf("names %v", n)
	}
}
