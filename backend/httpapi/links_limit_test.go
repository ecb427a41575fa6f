package httpapi

import "testing"

func TestLinkLimitsSlowAClientTryingCodesButNotOthers(t *testing.T) {
	var l linkLimits
	allowed := 0
	for i := 0; i < 100; i++ {
		if l.allow("198.51.100.7") {
			allowed++
		}
	}
	if allowed < linkBurst || allowed > linkBurst+2 {
		t.Fatalf("%d of 100 quick requests allowed, want the burst of %d", allowed, linkBurst)
	}
	if !l.allow("203.0.113.9") {
		t.Fatal("another client was refused")
	}
}
