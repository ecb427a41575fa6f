package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Row is one measured figure, with its target when the design sets one.
type Row struct {
	Scenario string
	Metric   string
	Value    string
	Target   string
	// Verdict is PASS, MISS, or empty for figures without a target.
	Verdict string
}

// Report is everything a run measured.
type Report struct {
	Machine []Row // Metric = what, Value = value
	Rows    []Row
	Notes   []string
}

func (r *Report) add(scenario, metric, value string) {
	r.Rows = append(r.Rows, Row{Scenario: scenario, Metric: metric, Value: value})
}

// check adds a figure with a target; pass says whether it is met.
func (r *Report) check(scenario, metric, value, target string, pass bool) {
	v := "MISS"
	if pass {
		v = "PASS"
	}
	r.Rows = append(r.Rows, Row{Scenario: scenario, Metric: metric, Value: value, Target: target, Verdict: v})
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// WriteText prints the report as aligned plain-text tables.
func (r *Report) WriteText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MACHINE\t")
	for _, m := range r.Machine {
		fmt.Fprintf(tw, "  %s\t%s\n", m.Metric, m.Value)
	}
	fmt.Fprintln(tw, "\t")
	fmt.Fprintln(tw, "SCENARIO\tMETRIC\tRESULT\tTARGET\t")
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", row.Scenario, row.Metric, row.Value, row.Target, row.Verdict)
	}
	_ = tw.Flush()
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNOTES")
		for _, n := range r.Notes {
			fmt.Fprintln(w, "  - "+n)
		}
	}
}

// WriteMarkdown prints the report as markdown tables for docs/benchmarks.md.
func (r *Report) WriteMarkdown(w io.Writer) {
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	fmt.Fprintln(w, "| Machine | |")
	fmt.Fprintln(w, "|---|---|")
	for _, m := range r.Machine {
		fmt.Fprintf(w, "| %s | %s |\n", esc(m.Metric), esc(m.Value))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Scenario | Metric | Result | Target | |")
	fmt.Fprintln(w, "|---|---|---:|---|---|")
	for _, row := range r.Rows {
		verdict := row.Verdict
		if verdict != "" {
			verdict = "**" + verdict + "**"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", esc(row.Scenario), esc(row.Metric), esc(row.Value), esc(row.Target), verdict)
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range r.Notes {
			fmt.Fprintln(w, "- "+n)
		}
	}
}

// describeMachine records what the figures were measured on.
func describeMachine(ctx context.Context, pool *pgxpool.Pool) []Row {
	rows := []Row{
		{Metric: "date", Value: time.Now().UTC().Format("2006-01-02 15:04 UTC")},
		{Metric: "CPU", Value: fmt.Sprintf("%d × %s", runtime.NumCPU(), cpuModel())},
		{Metric: "memory", Value: memTotal()},
		{Metric: "Go", Value: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH},
	}
	var version, settings string
	_ = pool.QueryRow(ctx, "SHOW server_version").Scan(&version)
	_ = pool.QueryRow(ctx, `SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
		FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'max_connections', 'fsync')`).Scan(&settings)
	rows = append(rows, Row{Metric: "PostgreSQL", Value: version + " (" + settings + "), same machine"})
	return rows
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	kb := procStatusField("/proc/meminfo", "MemTotal:")
	if kb == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

// procStatusField reads a "Name: value kB" line of a /proc file (0 when
// missing).
func procStatusField(path, name string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name {
			v, _ := strconv.ParseUint(f[1], 10, 64)
			return v
		}
	}
	return 0
}

func trimFloat(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// perSecond formats a rate with thousands separators.
func perSecond(v float64) string { return thousands(int64(v+0.5)) + "/s" }

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
