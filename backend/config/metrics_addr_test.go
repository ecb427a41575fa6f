package config

import (
	"errors"
	"testing"
)

func TestMetricsAddrDefaultsToLoopbackAndCanBeTurnedOff(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]string{
		"":             "127.0.0.1:9090",
		"off":          "",
		"OFF":          "",
		":9100":        ":9100",
		"0.0.0.0:9090": "0.0.0.0:9090",
		"127.0.0.1:0":  "127.0.0.1:0",
	} {
		c, err := LoadFrom(envOf(map[string]string{"SWITCHBOARD_METRICS_ADDR": value}))
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if c.MetricsAddr != want {
			t.Errorf("SWITCHBOARD_METRICS_ADDR=%q: %q, want %q", value, c.MetricsAddr, want)
		}
	}
	for _, bad := range []string{"9090", "localhost", "127.0.0.1:"} {
		_, err := LoadFrom(envOf(map[string]string{"SWITCHBOARD_METRICS_ADDR": bad}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != "SWITCHBOARD_METRICS_ADDR" {
			t.Errorf("%q: got %v, want an error naming the variable", bad, err)
		}
	}
}

// Not parallel: it sets the process environment.
func TestMetricsAddrSetEmptyMeansOff(t *testing.T) {
	t.Setenv("SWITCHBOARD_METRICS_ADDR", "")
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "" {
		t.Errorf("SWITCHBOARD_METRICS_ADDR set empty: %q, want off", c.MetricsAddr)
	}
}
