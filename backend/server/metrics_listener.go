package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// metricsEndpoint is the separate listener Prometheus scrapes
// (SWITCHBOARD_METRICS_ADDR), so /metrics is never on the public one.
type metricsEndpoint struct {
	mu   sync.Mutex
	addr string
}

// MetricsAddr is the address the metrics listener is bound to while Run
// runs (useful with a :0 port); "" before, after, or when it is off.
func (s *Server) MetricsAddr() string {
	s.metrics.mu.Lock()
	defer s.metrics.mu.Unlock()
	return s.metrics.addr
}

// startMetrics listens on the metrics address and serves /metrics there
// (nothing when metrics are off); stop shuts that server down.
func (s *Server) startMetrics(ctx context.Context) (stop func(context.Context), err error) {
	addr := s.Config.MetricsAddr
	if addr == "" {
		return func(context.Context) {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s (SWITCHBOARD_METRICS_ADDR; off disables metrics): %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.API.MetricsHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	s.metrics.mu.Lock()
	s.metrics.addr = ln.Addr().String()
	s.metrics.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			s.Logger.Error("metrics listener stopped", "addr", addr, "err", err)
		}
	}()
	s.Logger.Info("serving metrics", "addr", ln.Addr().String(), "path", "/metrics")
	return func(shutdownCtx context.Context) {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			s.Logger.Warn("metrics shutdown", "err", err)
		}
		<-done
		s.metrics.mu.Lock()
		s.metrics.addr = ""
		s.metrics.mu.Unlock()
	}, nil
}
