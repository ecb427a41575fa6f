package campaigns

import (
	"context"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"
)

// result is the outcome of one recipient's turn, written in batches.
type result struct {
	id, campaignID          int64
	status, reason, message string
	providerID              string
	// delay re-queues (status queued) that much later.
	delay time.Duration
	// keepAttempts: the claim did not lead to a provider call.
	keepAttempts              bool
	messageID, conversationID int64
}

// resultWriter records outcomes in one statement per batch (up to
// flushSize rows or flushEvery), so the engine's writes do not grow with
// each send. Writes use their own context: what was sent is recorded even
// while the process shuts down.
type resultWriter struct {
	e        *Engine
	in       chan result
	flushReq chan chan struct{}
	done     chan struct{}
}

const (
	flushSize  = 256
	flushEvery = 50 * time.Millisecond
)

func newResultWriter(e *Engine) *resultWriter {
	return &resultWriter{e: e, in: make(chan result, 4*flushSize), flushReq: make(chan chan struct{}), done: make(chan struct{})}
}

func (w *resultWriter) add(r result) { w.in <- r }

// flush returns once everything added before it is written.
func (w *resultWriter) flush() {
	ack := make(chan struct{})
	w.flushReq <- ack
	<-ack
}

func (w *resultWriter) close() { close(w.done) }

func (w *resultWriter) run() {
	var batch []result
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	write := func() {
		if len(batch) == 0 {
			return
		}
		w.write(batch)
		batch = batch[:0]
	}
	for {
		select {
		case r := <-w.in:
			if batch = append(batch, r); len(batch) >= flushSize {
				write()
			}
		case <-t.C:
			write()
		case ack := <-w.flushReq:
			w.drain(&batch)
			write()
			close(ack)
		case <-w.done:
			w.drain(&batch)
			write()
			return
		}
	}
}

func (w *resultWriter) drain(batch *[]result) {
	for {
		select {
		case r := <-w.in:
			*batch = append(*batch, r)
		default:
			return
		}
	}
}

func (w *resultWriter) write(batch []result) {
	n := len(batch)
	ids, delays, mids, cids := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	statuses, reasons, messages, pids := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	keep := make([]bool, n)
	touched := map[int64]bool{}
	for i, r := range batch {
		ids[i], delays[i], mids[i], cids[i] = r.id, r.delay.Milliseconds(), r.messageID, r.conversationID
		statuses[i], reasons[i], pids[i], keep[i] = r.status, r.reason, r.providerID, r.keepAttempts
		if len(r.message) > 500 {
			r.message = r.message[:500]
		}
		messages[i] = r.message
		touched[r.campaignID] = true
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for attempt := 0; ; attempt++ {
		// One statement, one commit: the outcomes, and the delivery
		// statuses that arrived before the provider ids were recorded
		// (kept by the inbox in early_statuses; a direct-mode send has no
		// message to take them, so they are removed here).
		_, err := w.e.db.NewRaw(`WITH v AS (
				SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bool[], ?::bigint[], ?::bigint[])
					AS v(id, status, reason, msg, pid, delay, keep, mid, cid)),
			e AS (SELECT provider_message_id, bool_or(status IN ('delivered', 'read')) AS delivered, bool_or(status = 'read') AS read,
					min(at) AS at FROM early_statuses WHERE provider_message_id IN (SELECT pid FROM v WHERE pid <> '') GROUP BY 1),
			u AS (UPDATE campaign_recipients r SET status = v.status, reason = v.reason, reason_message = v.msg,
				provider_message_id = coalesce(nullif(v.pid, ''), r.provider_message_id),
				sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE r.sent_at END,
				failed_at = CASE WHEN v.status = 'failed' THEN now() ELSE r.failed_at END,
				next_attempt_at = CASE WHEN v.status = 'queued' THEN now() + v.delay * interval '1 millisecond'
					WHEN v.status = 'deferred' THEN now() + interval '24 hours' ELSE r.next_attempt_at END,
				attempts = CASE WHEN v.keep THEN greatest(r.attempts - 1, 0) ELSE r.attempts END,
				message_id = coalesce(nullif(v.mid, 0), r.message_id),
				conversation_id = coalesce(nullif(v.cid, 0), r.conversation_id),
				delivered_at = CASE WHEN e.delivered THEN coalesce(r.delivered_at, e.at) ELSE r.delivered_at END,
				read_at = CASE WHEN e.read THEN coalesce(r.read_at, e.at) ELSE r.read_at END,
				updated_at = now()
				FROM v LEFT JOIN e ON e.provider_message_id = v.pid
				WHERE r.id = v.id AND r.status = 'sending'
				RETURNING r.provider_message_id, r.message_id, e.provider_message_id IS NOT NULL AS early)
			DELETE FROM early_statuses s USING u WHERE u.early AND u.message_id IS NULL AND s.provider_message_id = u.provider_message_id`,
			pgdialect.Array(ids), pgdialect.Array(statuses), pgdialect.Array(reasons), pgdialect.Array(messages),
			pgdialect.Array(pids), pgdialect.Array(delays), pgdialect.Array(keep), pgdialect.Array(mids), pgdialect.Array(cids)).Exec(ctx)
		if err == nil {
			break
		}
		if attempt >= 5 || ctx.Err() != nil {
			// Left in sending: the next holder of the lock marks them unknown.
			w.e.log.Error("campaign: record send results", "rows", n, "err", err)
			return
		}
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	for id := range touched {
		w.e.events.touch(id)
	}
}
