package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"switchboard/backend/consent"
)

// consentModel is the test's own account of one number's consent, kept
// apart from the code under test.
type consentModel struct {
	state      string // "", granted, revoked, pending
	wroteSince bool
}

func (m *consentModel) apply(ev string) {
	switch ev {
	case "grant_import", "grant_hand", "start", "provider_resume":
		if m.state != "granted" {
			m.state, m.wroteSince = "granted", false
		}
	case "revoke_hand", "stop", "provider_stop":
		if m.state != "revoked" {
			m.state, m.wroteSince = "revoked", false
		}
	case "pending":
		if m.state == "" {
			m.state = "pending"
		}
	case "wrote":
		if m.state == "revoked" {
			m.wroteSince = true
		}
	}
}

// whatsAppAllows is the rule of issue 10, written from its text.
func (m *consentModel) whatsAppAllows(windowOpen bool) bool {
	switch {
	case m.state == "revoked" && !m.wroteSince:
		return false
	case m.state == "granted":
		return true
	}
	return windowOpen
}

// TestNoSendWithoutConsentAcrossRandomHistories gives 10,000 contacts random
// consent histories (grants by import and by hand, STOPs, STARTs, hand
// revocations, provider opt-outs, messages written after a STOP) and sends
// to each through a random outbound path: agent replies, template sends,
// SMS replies and messages queued before a STOP. Nothing reaches the
// provider without consent, and every refusal carries its reason.
func TestNoSendWithoutConsentAcrossRandomHistories(t *testing.T) {
	t.Parallel()
	const contacts = 10000
	f := newFixture(t)
	tg := newTemplateGraph(t)
	wa := f.createWhatsAppChannel(tg.srv.URL)
	f.syncTemplates(wa, f.tokens[admin])
	coupon := f.templateID(wa, "coupon_expiration_reminder_number_vars")
	tw := newTwilioStandIn(t)
	f.createSMSChannel(tw.srv.URL)
	ctx := context.Background()
	db := f.srv.DB.Bun
	acct := f.acctA.ID

	// The phone book and one conversation per contact and channel, half of
	// them with the window open, in a few statements.
	for i, q := range []string{
		`INSERT INTO contacts (account_id, name, whatsapp_number, sms_number)
			SELECT ?, 'P' || i, '+49152' || lpad(i::text, 8, '0'), '+49153' || lpad(i::text, 8, '0') FROM generate_series(1, ?) AS i`,
		`INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, last_message_at, last_inbound_at)
			SELECT c.account_id, c.id, ch.id, s.id, 'open', now(),
				CASE WHEN c.id % 2 = 0 THEN now() - interval '1 hour' ELSE now() - interval '30 hours' END
			FROM contacts c JOIN channels ch ON ch.account_id = c.account_id JOIN channel_senders s ON s.channel_id = ch.id
			WHERE c.account_id = ?`,
	} {
		args := []any{acct, contacts}
		if i == 1 {
			args = []any{acct}
		}
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	type target struct {
		contactID, waConv, smsConv int64
		wa, sms                    string
		windowOpen                 bool
		waModel, smsModel          consentModel
	}
	var rows []struct {
		ContactID int64  `bun:"contact_id"`
		ConvID    int64  `bun:"conv_id"`
		Kind      string `bun:"kind"`
		WA        string `bun:"wa"`
		SMS       string `bun:"sms"`
		Open      bool   `bun:"open"`
	}
	if err := db.NewRaw(`SELECT c.id AS contact_id, v.id AS conv_id, ch.kind, c.whatsapp_number AS wa, c.sms_number AS sms,
			v.last_inbound_at > now() - interval '24 hours' AS open
		FROM contacts c JOIN conversations v ON v.contact_id = c.id JOIN channels ch ON ch.id = v.channel_id
		WHERE c.account_id = ? ORDER BY c.id`, acct).Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	byContact := map[int64]*target{}
	var targets []*target
	for _, r := range rows {
		tg := byContact[r.ContactID]
		if tg == nil {
			tg = &target{contactID: r.ContactID, wa: r.WA, sms: r.SMS}
			byContact[r.ContactID] = tg
			targets = append(targets, tg)
		}
		if r.Kind == "sms_twilio" {
			tg.smsConv = r.ConvID
		} else {
			tg.waConv, tg.windowOpen = r.ConvID, r.Open
		}
	}
	if len(targets) != contacts {
		t.Fatalf("%d targets", len(targets))
	}

	events := []string{"grant_import", "grant_hand", "revoke_hand", "stop", "start", "provider_stop", "provider_resume", "pending", "wrote"}
	change := func(tg *target, kind, ev string) error {
		number, m := tg.wa, &tg.waModel
		if kind == consent.KindSMS {
			number, m = tg.sms, &tg.smsModel
		}
		m.apply(ev)
		c := consent.Change{Number: number, ChannelKind: kind}
		switch ev {
		case "grant_import":
			c.State, c.Source, c.Detail = consent.Granted, consent.SourceImport, "kunden.csv"
		case "grant_hand":
			c.State, c.Source, c.Note = consent.Granted, consent.SourceAgent, "am Telefon"
		case "revoke_hand":
			c.State, c.Source, c.Note = consent.Revoked, consent.SourceAgent, "per Brief"
		case "stop":
			c.State, c.Source, c.Detail = consent.Revoked, consent.SourceKeyword, "STOP"
		case "start":
			c.State, c.Source, c.Detail = consent.Granted, consent.SourceKeyword, "START"
		case "provider_stop":
			c.State, c.Source, c.Detail = consent.Revoked, consent.SourceProvider, "131050"
		case "provider_resume":
			c.State, c.Source, c.Detail = consent.Granted, consent.SourceProvider, "user_preferences"
		case "pending":
			c.State, c.Source = consent.Pending, consent.SourceWidget
		case "wrote":
			return f.srv.Consent.Wrote(ctx, db, acct, number, kind)
		}
		_, _, err := f.srv.Consent.Apply(ctx, db, acct, c)
		return err
	}

	rng := rand.New(rand.NewPCG(10, 2026))
	type plan struct {
		tg      *target
		history []string
		path    string
		after   string // an event between queueing and delivery
	}
	plans := make([]plan, len(targets))
	paths := []string{"reply", "template", "sms_reply", "queued_then_event"}
	for i, tg := range targets {
		p := plan{tg: tg, path: paths[rng.IntN(len(paths))]}
		for range rng.IntN(5) {
			p.history = append(p.history, events[rng.IntN(len(events))])
		}
		if p.path == "queued_then_event" {
			p.after = events[rng.IntN(len(events))]
		}
		plans[i] = p
	}

	var mu sync.Mutex
	var queuedIDs []int64
	allowedWA, allowedSMS := map[string]bool{}, map[string]bool{}
	refusals := 0
	work := make(chan plan)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if err := runPlan(ctx, f, p.tg.waConv, p.tg.smsConv, coupon, p.path, func(kind string) {
					for _, ev := range p.history {
						if err := change(p.tg, kind, ev); err != nil {
							errs <- err
						}
					}
				}, func(kind, ev string) {
					if err := change(p.tg, kind, ev); err != nil {
						errs <- err
					}
				}, p.after, func(kind string, status int, code string, id int64) {
					var want bool
					switch p.path {
					case "reply":
						want = p.tg.waModel.whatsAppAllows(p.tg.windowOpen)
					case "template", "queued_then_event":
						want = p.tg.waModel.whatsAppAllows(p.tg.windowOpen)
					case "sms_reply":
						want = p.tg.smsModel.state != "revoked"
					}
					mu.Lock()
					defer mu.Unlock()
					switch {
					case id != 0 && !want && p.path != "queued_then_event":
						errs <- fmt.Errorf("contact %d %s: accepted though %+v refuses it", p.tg.contactID, p.path, p.tg.waModel)
					case id != 0:
						queuedIDs = append(queuedIDs, id)
					case want && p.path == "reply" && !p.tg.windowOpen && code == "window_closed":
						// free text outside the window is refused for its own reason
					case want:
						errs <- fmt.Errorf("contact %d %s: refused (%d %s) though %+v allows it", p.tg.contactID, p.path, status, code, p.tg.waModel)
					case code != "no_consent" && code != "opted_out":
						errs <- fmt.Errorf("contact %d %s: refusal without its reason: %d %q", p.tg.contactID, p.path, status, code)
					default:
						refusals++
					}
				}); err != nil {
					errs <- err
				}
			}
		}()
	}
	go func() {
		for _, p := range plans {
			work <- p
		}
		close(work)
	}()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var failures []error
	for running := true; running; {
		select {
		case err := <-errs:
			failures = append(failures, err)
		case <-done:
			running = false
		}
	}
	for len(errs) > 0 {
		failures = append(failures, <-errs)
	}
	for i, err := range failures {
		if i == 10 {
			t.Errorf("… and %d more", len(failures)-10)
			break
		}
		t.Error(err)
	}
	if len(failures) > 0 {
		t.FailNow()
	}

	// Deliver everything that was accepted, after the events that came in
	// between, as the job queue would.
	ids := make(chan int64)
	var dwg sync.WaitGroup
	for range 4 {
		dwg.Add(1)
		go func() {
			defer dwg.Done()
			for id := range ids {
				if _, err := f.srv.Inbox.Deliver(ctx, id, true); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, id := range queuedIDs {
		ids <- id
	}
	close(ids)
	dwg.Wait()
	for len(errs) > 0 {
		t.Error(<-errs)
	}
	for _, p := range plans {
		switch p.path {
		case "sms_reply":
			if p.tg.smsModel.state != "revoked" {
				allowedSMS[p.tg.sms] = true
			}
		default:
			if p.tg.waModel.whatsAppAllows(p.tg.windowOpen) && !(p.path == "reply" && !p.tg.windowOpen) {
				allowedWA[p.tg.wa] = true
			}
		}
	}
	for _, s := range tg.sent() {
		to, _ := s["to"].(string)
		if !allowedWA["+"+to] && !allowedWA[to] {
			t.Fatalf("WhatsApp send to %s without consent", to)
		}
	}
	for _, s := range tw.sent() {
		if !allowedSMS[s.Get("To")] {
			t.Fatalf("SMS to %s after an opt-out", s.Get("To"))
		}
	}
	if len(tg.sent()) != len(allowedWA) || len(tw.sent()) != len(allowedSMS) {
		t.Errorf("provider calls: %d WhatsApp, %d SMS; allowed %d and %d", len(tg.sent()), len(tw.sent()), len(allowedWA), len(allowedSMS))
	}
	// Every refused delivery is recorded on its message with the reason.
	var unexplained int
	if err := db.NewRaw(`SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'failed'
		AND error_code NOT IN ('no_consent', 'opted_out')`).Scan(ctx, &unexplained); err != nil {
		t.Fatal(err)
	}
	if unexplained != 0 {
		t.Errorf("%d failed messages without a consent reason", unexplained)
	}
	t.Logf("%d contacts: %d refusals at the API, %d WhatsApp and %d SMS sends", contacts, refusals, len(tg.sent()), len(tw.sent()))
}

// runPlan applies a contact's history and sends through one path. report
// gets the API's answer, or the id of a message queued for delivery.
func runPlan(ctx context.Context, f *fixture, waConv, smsConv, template int64, path string,
	history func(kind string), event func(kind, ev string), after string, report func(kind string, status int, code string, id int64)) error {
	var sendErr error
	send := func(conv int64, pathSuffix, body string) (int, string, int64) {
		req, _ := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/conversations/%d/%s", f.http.URL, conv, pathSuffix), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+f.tokens[agent])
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			sendErr = err
			return 0, "", 0
		}
		defer res.Body.Close()
		var out struct {
			ID    int64 `json:"id"`
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode == http.StatusCreated {
			return res.StatusCode, "", out.ID
		}
		return res.StatusCode, out.Error.Code, 0
	}
	tmpl := mustJSON(map[string]any{"template_id": template, "parameters": map[string]any{
		"header": map[string]string{"type": "text", "text": "Erika"}, "body": []string{"SPRING", "3"}}})
	switch path {
	case "sms_reply":
		history(consent.KindSMS)
		status, code, id := send(smsConv, "messages", `{"kind":"text","body":"Ihre Bestellung"}`)
		report(consent.KindSMS, status, code, id)
	case "reply":
		history(consent.KindWhatsApp)
		status, code, id := send(waConv, "messages", `{"kind":"text","body":"Ihre Bestellung"}`)
		report(consent.KindWhatsApp, status, code, id)
	case "template":
		history(consent.KindWhatsApp)
		status, code, id := send(waConv, "templates", tmpl)
		report(consent.KindWhatsApp, status, code, id)
	case "queued_then_event":
		// Queued while allowed (granted first), then the event, then the
		// delivery decides with what holds by then.
		event(consent.KindWhatsApp, "grant_hand")
		status, code, id := send(waConv, "templates", tmpl)
		if id == 0 {
			return fmt.Errorf("a template send with granted consent was refused: %d %s", status, code)
		}
		event(consent.KindWhatsApp, after)
		history(consent.KindWhatsApp)
		report(consent.KindWhatsApp, status, code, id)
	}
	return sendErr
}
