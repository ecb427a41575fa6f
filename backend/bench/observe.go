package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// cpuTimes is a snapshot of CPU seconds spent by the machine, by this
// process and by each PostgreSQL process, to tell how the cores were
// shared between the server (with the load generator, in this process),
// PostgreSQL and whatever else runs on the machine.
type cpuTimes struct {
	at         time.Time
	busy, self float64
	postgres   map[int]float64 // by pid
	writes     uint64          // write system calls of this process
}

const clockTicks = 100 // USER_HZ on Linux

func readCPU() cpuTimes {
	t := cpuTimes{at: time.Now(), postgres: map[int]float64{}}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
		for i := 1; i < len(f) && i <= 8; i++ {
			if i != 4 && i != 5 { // not idle or iowait
				v, _ := strconv.ParseFloat(f[i], 64)
				t.busy += v / clockTicks
			}
		}
	}
	t.self, _ = processCPU("/proc/self/stat")
	t.writes = procStatusField("/proc/self/io", "syscw:")
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		if secs, comm := processCPU(p); comm == "postgres" {
			pid, _ := strconv.Atoi(strings.Split(p, "/")[2])
			t.postgres[pid] = secs
		}
	}
	return t
}

// processCPU reads a process's CPU seconds and command name from its
// /proc/<pid>/stat.
func processCPU(path string) (float64, string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, ""
	}
	head, rest, _ := strings.Cut(string(b), ") ")
	_, comm, _ := strings.Cut(head, " (")
	f := strings.Fields(rest) // starts at field 3 (state); utime is field 14
	if len(f) <= 12 {
		return 0, comm
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	s, _ := strconv.ParseFloat(f[12], 64)
	return (u + s) / clockTicks, comm
}

// cpuUse is CPU seconds spent between two snapshots.
type cpuUse struct {
	secs, busy, self, postgres float64
	writes                     uint64
}

// until returns what was spent from t to end; PostgreSQL counts only the
// processes in pids (all of them when nil), as other databases on the
// same server may be busy with other work.
func (t cpuTimes) until(end cpuTimes, pids map[int]bool) cpuUse {
	u := cpuUse{secs: end.at.Sub(t.at).Seconds(), busy: end.busy - t.busy, self: end.self - t.self, writes: end.writes - t.writes}
	for pid, secs := range end.postgres {
		if pids == nil || pids[pid] {
			u.postgres += secs - t.postgres[pid]
		}
	}
	return u
}

func (u cpuUse) String() string {
	return fmt.Sprintf("CPU: %.2f cores busy — this process (server + load generator) %.2f, PostgreSQL for this database %.2f, everything else %.2f",
		u.busy/u.secs, u.self/u.secs, u.postgres/u.secs, max(u.busy-u.self-u.postgres, 0)/u.secs)
}

// postgresPIDs lists the PostgreSQL processes working for the bench
// database: its sessions and the server's background processes (WAL
// writer, checkpointer, …).
func (in *instance) postgresPIDs(ctx context.Context) map[int]bool {
	pids := map[int]bool{}
	rows, err := in.srv.DB.Pool.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL")
	if err != nil {
		return pids
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			pids[pid] = true
		}
	}
	return pids
}

// machineLoad describes how busy the machine was before the run, when
// nothing of the bench ran yet: other work on a 2-core machine skews
// every figure.
func machineLoad() string {
	start := readCPU()
	time.Sleep(2 * time.Second)
	u := start.until(readCPU(), nil)
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("%.2f of %d cores busy in the 2 s before the run (PostgreSQL %.2f); load average %s",
		u.busy/u.secs, runtime.NumCPU(), u.postgres/u.secs, strings.Join(strings.Fields(string(load))[:3], " "))
}

// waitProfile samples what PostgreSQL sessions of the bench database are
// doing (running, waiting for a lock, for WAL, or for the application) — the
// part of the time the server's CPU profile cannot show.
type waitProfile struct {
	mu      sync.Mutex
	counts  map[string]int
	samples int
	stop    context.CancelFunc
	done    chan struct{}
}

const waitQuery = `SELECT CASE
		WHEN state = 'idle in transaction' THEN 'idle in transaction (waiting for the server)'
		WHEN wait_event IS NULL THEN 'running (CPU)'
		ELSE wait_event_type || ':' || wait_event END, count(*)
	FROM pg_stat_activity
	WHERE datname = current_database() AND pid <> pg_backend_pid()
		AND backend_type = 'client backend' AND state IN ('active', 'idle in transaction')
	GROUP BY 1`

// sampleWaits samples every 50 ms on its own connection until Stop.
func sampleWaits(ctx context.Context, dbURL string) (*waitProfile, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &waitProfile{counts: map[string]int{}, stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		defer conn.Close(context.Background())
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rows, err := conn.Query(ctx, waitQuery)
			if err != nil {
				return
			}
			w.mu.Lock()
			w.samples++
			for rows.Next() {
				var what string
				var n int
				if rows.Scan(&what, &n) == nil {
					w.counts[what] += n
				}
			}
			w.mu.Unlock()
			rows.Close()
		}
	}()
	return w, nil
}

// Stop ends sampling and describes the average number of sessions in each
// state, busiest first.
func (w *waitProfile) Stop() string {
	w.stop()
	<-w.done
	if w.samples == 0 {
		return "no samples"
	}
	keys := make([]string, 0, len(w.counts))
	for k := range w.counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return w.counts[b] - w.counts[a] })
	var parts []string
	for _, k := range keys {
		avg := float64(w.counts[k]) / float64(w.samples)
		if avg >= 0.05 {
			parts = append(parts, fmt.Sprintf("%s %.1f", k, avg))
		}
	}
	return strings.Join(parts, ", ")
}

// observation watches a load phase: CPU, PostgreSQL sessions and the
// server's connection pools (bun's database/sql pool serves the inbox; the
// pgx pool serves River and the realtime broker).
type observation struct {
	in    *instance
	cpu   cpuTimes
	waits *waitProfile
	pool  *pgxpool.Stat
	bun   sql.DBStats
}

type observed struct{ cpu, waits, pool string }

func observe(ctx context.Context, in *instance) (*observation, error) {
	w, err := sampleWaits(ctx, in.dbURL)
	if err != nil {
		return nil, err
	}
	return &observation{in: in, cpu: readCPU(), waits: w, pool: in.srv.DB.Pool.Stat(), bun: in.srv.DB.Bun.Stats()}, nil
}

func (o *observation) stop() observed {
	waits := o.waits.Stop()
	cpu := o.cpu.until(readCPU(), o.in.postgresPIDs(context.Background())).String()
	bun := o.in.srv.DB.Bun.Stats()
	n := bun.WaitCount - o.bun.WaitCount
	pool := fmt.Sprintf("Server's bun pool (max %d): %s waits for a free connection", bun.MaxOpenConnections, thousands(n))
	if n > 0 {
		pool += ", average wait " + ms((bun.WaitDuration-o.bun.WaitDuration)/time.Duration(n))
	}
	end := o.in.srv.DB.Pool.Stat()
	if acquires := end.AcquireCount() - o.pool.AcquireCount(); acquires > 0 {
		avg := (end.AcquireDuration() - o.pool.AcquireDuration()) / time.Duration(acquires)
		pool += fmt.Sprintf("; pgx pool (max %d): %s acquires, average %s", end.MaxConns(), thousands(acquires), ms(avg))
	}
	return observed{cpu: cpu, waits: waits, pool: pool}
}
