package inbox

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uptrace/bun"
)

// pipelineMetrics counts what an operator needs when webhooks or sends go
// wrong. The backlog figures are read from the database at scrape time (see
// backlogCollector), so every instance reports the same truth.
type pipelineMetrics struct {
	processed prometheus.Counter
	failed    prometheus.Counter
	retried   prometheus.Counter
	held      prometheus.Counter
	rejected  *prometheus.CounterVec
	sends     *prometheus.CounterVec
}

func newPipelineMetrics() *pipelineMetrics {
	return &pipelineMetrics{
		processed: prometheus.NewCounter(prometheus.CounterOpts{Name: "switchboard_webhooks_processed_total",
			Help: "Stored webhooks processed into contacts, conversations, messages and statuses."}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{Name: "switchboard_webhook_processing_failures_total",
			Help: "Webhook processing attempts that failed; each is retried with backoff."}),
		retried: prometheus.NewCounter(prometheus.CounterOpts{Name: "switchboard_webhooks_processed_after_retry_total",
			Help: "Webhooks processed only after one or more failed attempts."}),
		held: prometheus.NewCounter(prometheus.CounterOpts{Name: "switchboard_webhooks_held_total",
			Help: "Webhooks held because their channel is disabled."}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_webhooks_rejected_total",
			Help: "Provider calls refused before storing, by provider and reason (bad_signature, bad_payload, unknown_channel, ...)."},
			[]string{"provider", "reason"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_sends_total",
			Help: "Outbound send attempts by channel kind, outcome (sent, failed, retry) and error class (the provider's or our code)."},
			[]string{"kind", "outcome", "class"}),
	}
}

// Collectors returns the inbox's metrics for a registry.
func (s *Service) Collectors() []prometheus.Collector {
	m := s.metrics
	return []prometheus.Collector{m.processed, m.failed, m.retried, m.held, m.rejected, m.sends,
		&backlogCollector{db: s.db}}
}

func (s *Service) countSend(kind, outcome, class string) {
	s.metrics.sends.WithLabelValues(kind, outcome, class).Inc()
}

// backlogCollector reads the stored-webhook backlog and River's job table
// when scraped.
type backlogCollector struct{ db *bun.DB }

var (
	descPending = prometheus.NewDesc("switchboard_webhooks_pending",
		"Stored webhooks not processed yet (held ones excluded).", nil, nil)
	descOldest = prometheus.NewDesc("switchboard_webhooks_oldest_pending_age_seconds",
		"Age of the oldest stored webhook not processed yet (held ones excluded); 0 when none.", nil, nil)
	descHeld = prometheus.NewDesc("switchboard_webhooks_held",
		"Stored webhooks waiting for their disabled channel to be enabled.", nil, nil)
	descJobs = prometheus.NewDesc("switchboard_jobs",
		"Background jobs by kind and state (River).", []string{"kind", "state"}, nil)
	descScrapeErr = prometheus.NewDesc("switchboard_pipeline_scrape_error",
		"1 when the pipeline figures could not be read from the database.", nil, nil)
)

func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPending, descOldest, descHeld, descJobs, descScrapeErr} {
		ch <- d
	}
}

func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var b struct {
		Pending int64   `bun:"pending"`
		Oldest  float64 `bun:"oldest"`
		Held    int64   `bun:"held"`
	}
	// Both read partial indexes: only unprocessed rows.
	err := c.db.NewRaw(`SELECT
		(SELECT count(*) FROM webhook_events WHERE processed_at IS NULL AND held_at IS NULL) AS pending,
		coalesce((SELECT extract(epoch FROM now() - min(received_at)) FROM webhook_events
			WHERE processed_at IS NULL AND held_at IS NULL), 0) AS oldest,
		(SELECT count(*) FROM webhook_events WHERE processed_at IS NULL AND held_at IS NOT NULL) AS held`).Scan(ctx, &b)
	var jobs []struct {
		Kind  string `bun:"kind"`
		State string `bun:"state"`
		N     int64  `bun:"n"`
	}
	if err == nil {
		err = c.db.NewRaw(`SELECT kind, state::text AS state, count(*) AS n FROM river_job GROUP BY kind, state`).Scan(ctx, &jobs)
	}
	if err != nil {
		ch <- prometheus.MustNewConstMetric(descScrapeErr, prometheus.GaugeValue, 1)
		return
	}
	ch <- prometheus.MustNewConstMetric(descScrapeErr, prometheus.GaugeValue, 0)
	ch <- prometheus.MustNewConstMetric(descPending, prometheus.GaugeValue, float64(b.Pending))
	ch <- prometheus.MustNewConstMetric(descOldest, prometheus.GaugeValue, b.Oldest)
	ch <- prometheus.MustNewConstMetric(descHeld, prometheus.GaugeValue, float64(b.Held))
	for _, j := range jobs {
		ch <- prometheus.MustNewConstMetric(descJobs, prometheus.GaugeValue, float64(j.N), j.Kind, j.State)
	}
}
