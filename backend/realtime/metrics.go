package realtime

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// register registers c on r, or returns the collector already registered
// under the same name (several hubs in one process share metrics).
func register[C prometheus.Collector](r prometheus.Registerer, c C) C {
	if err := r.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err)
	}
	return c
}

type hubMetrics struct {
	connections      prometheus.Gauge
	published        *prometheus.CounterVec
	delivered        prometheus.Counter
	dropped          *prometheus.CounterVec
	droppedEphemeral prometheus.Counter
	droppedSlow      prometheus.Counter
}

func newHubMetrics(r prometheus.Registerer) *hubMetrics {
	m := &hubMetrics{
		connections: register(r, prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "switchboard_realtime_connections",
			Help: "Open websocket connections on this instance.",
		})),
		published: register(r, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_realtime_events_published_total",
			Help: "Events fanned out by this instance's hub, by type.",
		}, []string{"type"})),
		delivered: register(r, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "switchboard_realtime_events_delivered_total",
			Help: "Events queued to a connection (one per event and connection).",
		})),
		dropped: register(r, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "switchboard_realtime_events_dropped_total",
			Help: "Events not delivered to a connection: ephemeral (typing, presence dropped for a lagging client) or slow_client (the connection was closed).",
		}, []string{"reason"})),
	}
	m.droppedEphemeral = m.dropped.WithLabelValues("ephemeral")
	m.droppedSlow = m.dropped.WithLabelValues("slow_client")
	return m
}

type brokerMetrics struct {
	connected  prometheus.Gauge
	reconnects prometheus.Counter
	caughtUp   prometheus.Counter
	received   prometheus.Counter
}

func newBrokerMetrics(r prometheus.Registerer) *brokerMetrics {
	return &brokerMetrics{
		connected: register(r, prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "switchboard_realtime_listener_connected",
			Help: "1 while the LISTEN connection to PostgreSQL is up.",
		})),
		reconnects: register(r, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "switchboard_realtime_listener_reconnects_total",
			Help: "Times the LISTEN connection was re-established.",
		})),
		caughtUp: register(r, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "switchboard_realtime_listener_caught_up_events_total",
			Help: "Events delivered by re-reading the events table after a reconnect.",
		})),
		received: register(r, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "switchboard_realtime_listener_notifications_total",
			Help: "Notifications received from PostgreSQL.",
		})),
	}
}
