package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// runIdle measures what an idle, signed-in websocket costs the server: a
// child process opens the connections (each side needs a file descriptor
// per connection, and the limit is per process), and the server process's
// memory is compared before and after.
func runIdle(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "ws-idle"
	c, _, err := in.login(ctx)
	if err != nil {
		return err
	}
	base, err := in.srv.Hub.Connections(ctx)
	if err != nil {
		return err
	}
	before := measureMemory()

	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self, "bench", "-dial-idle", "ws"+strings.TrimPrefix(in.url, "http")+"/api/ws",
		"-idle-conns", strconv.Itoa(o.IdleConns))
	// The session cookie goes through the environment, not the command line.
	child.Env = append(os.Environ(), "SWITCHBOARD_BENCH_COOKIE="+in.sessionCookie(c), "SWITCHBOARD_BENCH_ORIGIN="+in.url)
	child.Stderr = os.Stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	progress("ws-idle: opening %s websockets from a child process", thousands(int64(o.IdleConns)))
	if err := child.Start(); err != nil {
		return err
	}
	defer func() { _ = stdin.Close(); _ = child.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("websocket clients failed: %w", err)
	}
	var connected, failed int
	if _, err := fmt.Sscanf(line, "%d connected, %d failed", &connected, &failed); err != nil {
		return fmt.Errorf("websocket clients said %q", line)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		n, err := in.srv.Hub.Connections(ctx)
		if err != nil {
			return err
		}
		if n-base >= connected {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d websockets registered", n-base, connected)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // let the handshakes' garbage go
	after := measureMemory()
	if o.MemProfile != "" {
		if err := writeHeapProfile(o.MemProfile); err != nil {
			return err
		}
	}
	per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(max(connected, 1)) }
	rss := per(after.rss, before.rss)
	rep.add(sc, "idle websockets open (signed in)", fmt.Sprintf("%s (%d failed)", thousands(int64(connected)), failed))
	rep.check(sc, "server memory per idle websocket (RSS)", kb(rss), "≤ 15 KB", connected > 0 && failed == 0 && rss <= 15*1024)
	rep.add(sc, "  of which Go heap / goroutine stacks", kb(per(after.heap, before.heap))+" / "+kb(per(after.stack, before.stack)))
	rep.add(sc, "  goroutines per websocket", trimFloat(per(uint64(after.goroutines), uint64(before.goroutines)), 1))
	rep.note("ws-idle: the design's target is 50,000 connections; this machine allows %d open files per process, so the default is 10,000 (memory per connection does not depend on the count).", openFilesLimit())
	return nil
}

type memory struct {
	heap, stack, rss uint64
	goroutines       int
}

func measureMemory() memory {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{heap: ms.HeapInuse, stack: ms.StackInuse, rss: procStatusField("/proc/self/status", "VmRSS:") << 10,
		goroutines: runtime.NumGoroutine()}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

func kb(bytes float64) string { return trimFloat(bytes/1024, 1) + " KB" }

// raiseOpenFilesLimit lifts the soft open-files limit to the hard one.
func raiseOpenFilesLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

func openFilesLimit() uint64 {
	var l syscall.Rlimit
	_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l)
	return l.Cur
}

// DialIdle is the child side of ws-idle: it opens n websockets to url with
// the cookie and origin from the environment, prints how many opened, and
// keeps them open (answering pings) until stdin closes.
func DialIdle(url string, n int, stdin io.Reader, out io.Writer) error {
	raiseOpenFilesLimit()
	h := http.Header{}
	h.Set("Cookie", os.Getenv("SWITCHBOARD_BENCH_COOKIE"))
	h.Set("Origin", os.Getenv("SWITCHBOARD_BENCH_ORIGIN"))
	d := websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, HandshakeTimeout: time.Minute}
	var (
		wg     sync.WaitGroup
		next   atomic.Int64
		failed atomic.Int64
		conns  = make([]*websocket.Conn, n)
	)
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				c, _, err := d.Dial(url, h)
				if err != nil {
					if failed.Add(1) == 1 {
						fmt.Fprintln(os.Stderr, "bench: dial:", err)
					}
					continue
				}
				conns[i] = c
				go func() { // reading answers the server's pings
					for {
						if _, _, err := c.NextReader(); err != nil {
							return
						}
					}
				}()
			}
		})
	}
	wg.Wait()
	fmt.Fprintf(out, "%d connected, %d failed\n", n-int(failed.Load()), failed.Load())
	_, _ = io.Copy(io.Discard, stdin)
	for _, c := range conns {
		if c != nil {
			_ = c.Close()
		}
	}
	return nil
}
