// Command wsidle measures the memory an idle websocket connection costs the
// server: it serves the realtime endpoint, has a child process open n
// connections that then stay silent (they only answer pings), and reports
// the growth of the server's Go heap, stacks and resident memory per
// connection.
//
//	go run ./backend/realtime/cmd/wsidle -n 50000
//
// More than ~28,000 connections need several loopback source addresses;
// wsidle spreads them over 127.0.0.1, 127.0.0.2, … (Linux routes all of
// 127/8 to lo). The open-files limit must allow n descriptors per process.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"switchboard/backend/realtime"
)

func main() {
	n := flag.Int("n", 10000, "connections to open")
	dial := flag.String("dial", "", "internal: dial this URL n times and wait for stdin to close")
	flag.Parse()
	if *dial != "" {
		runClients(*dial, *n)
		return
	}
	if err := runServer(*n); err != nil {
		log.Fatal(err)
	}
}

type sample struct {
	heap, stack, rss uint64
}

func measure() sample {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return sample{heap: ms.HeapInuse, stack: ms.StackInuse, rss: rss()}
}

// rss reads the resident set size from /proc (0 elsewhere).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func runServer(n int) error {
	hub := realtime.NewHub(realtime.HubOptions{
		Registerer: prometheus.NewRegistry(),
		Logger:     slog.New(slog.DiscardHandler),
	})
	defer hub.Close()
	var users atomic.Int64
	auth := func(*http.Request) (*realtime.Subscriber, error) {
		u := users.Add(1)
		return &realtime.Subscriber{AccountID: u%10 + 1, UserID: u, Role: "agent"}, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: realtime.Handler(hub, auth, nil), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	before := measure()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(self, "-dial", "ws://"+ln.Addr().String()+"/", "-n", strconv.Itoa(n))
	child.Stderr = os.Stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return err
	}
	defer func() { _ = stdin.Close(); _ = child.Wait() }()
	start := time.Now()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fmt.Errorf("clients failed: %w", err)
	}
	fmt.Printf("clients: %s", line)
	ctx := context.Background()
	for {
		got, err := hub.Connections(ctx)
		if err != nil {
			return err
		}
		if got >= n {
			break
		}
		if time.Since(start) > 5*time.Minute {
			return fmt.Errorf("only %d of %d connections registered", got, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // let the handshakes' garbage settle
	after := measure()
	per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(n) }
	fmt.Printf("%d idle connections\n", n)
	fmt.Printf("  go heap in use: %8.0f B/conn\n", per(after.heap, before.heap))
	fmt.Printf("  goroutine stack: %7.0f B/conn\n", per(after.stack, before.stack))
	fmt.Printf("  heap + stacks:  %8.0f B/conn\n", per(after.heap+after.stack, before.heap+before.stack))
	fmt.Printf("  resident (RSS): %8.0f B/conn\n", per(after.rss, before.rss))
	fmt.Printf("  goroutines: %d\n", runtime.NumGoroutine())
	return nil
}

// runClients opens n connections, reports on stdout, and keeps them open
// (answering pings) until stdin closes.
func runClients(url string, n int) {
	dialer := websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, HandshakeTimeout: time.Minute}
	var (
		wg     sync.WaitGroup
		failed atomic.Int64
		next   atomic.Int64
		conns  = make([]*websocket.Conn, n)
	)
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				local := &net.TCPAddr{IP: net.IPv4(127, 0, byte(i/25000/250), byte(1+i/25000%250))}
				d := dialer
				d.NetDialContext = (&net.Dialer{LocalAddr: local, Timeout: time.Minute}).DialContext
				c, _, err := d.Dial(url, nil)
				if err != nil {
					if failed.Add(1) == 1 {
						fmt.Fprintln(os.Stderr, "dial:", err)
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
	fmt.Printf("%d connected, %d failed\n", n-int(failed.Load()), failed.Load())
	_, _ = io.Copy(io.Discard, os.Stdin)
	for _, c := range conns {
		if c != nil {
			_ = c.Close()
		}
	}
}
