package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"switchboard/backend/campaigns/providerstub"
)

// runCampaign sends campaigns of o.CampaignRecipients recipients in all,
// spread over o.CampaignSenders SMS sender numbers each limited to
// o.CampaignRate per second, to a local stand-in provider answering after
// o.ProviderDelay. It reports the total send rate, each sender's rate
// against its limit, the conversation list's p99 meanwhile, the time from
// "send now" to the first send and the memory used.
func runCampaign(ctx context.Context, in *instance, o Options, rep *Report) error {
	const sc = "campaign"
	stub := providerstub.New()
	defer stub.Close()
	stub.Delay = o.ProviderDelay
	pool := in.srv.DB.Pool
	// The list scenario, when it ran, has seeded the desk already.
	if !o.runs("list") {
		if _, err := seedConversations(ctx, in, o.CampaignConversations, false); err != nil {
			return err
		}
	}
	var listed int64
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM conversations").Scan(&listed); err != nil {
		return err
	}
	var channelID int64
	if err := pool.QueryRow(ctx, `INSERT INTO channels (account_id, kind, name, enabled, base_url, credentials)
		VALUES ($1, 'sms_twilio', 'Campaign SMS', true, $2, '{"account_sid":"ACbench","auth_token":"bench"}') RETURNING id`,
		in.accountID, stub.URL()).Scan(&channelID); err != nil {
		return err
	}
	senders := make([]int64, o.CampaignSenders)
	numbers := make([]string, o.CampaignSenders)
	for i := range senders {
		numbers[i] = fmt.Sprintf("+1555900%04d", i)
		if err := pool.QueryRow(ctx, `INSERT INTO channel_senders (account_id, channel_id, phone_number, provider_id, name, rate_per_second)
			VALUES ($1, $2, $3, '', $3, $4) RETURNING id`, in.accountID, channelID, numbers[i], o.CampaignRate).Scan(&senders[i]); err != nil {
			return err
		}
	}
	// One draft per sender, created through the API with typed numbers.
	per := o.CampaignRecipients / o.CampaignSenders
	ids := make([]int64, len(senders))
	createStart := time.Now()
	for i, snd := range senders {
		nums := make([]string, per)
		for j := range nums {
			nums[j] = fmt.Sprintf("+4366%02d%07d", 40+i, j)
		}
		var c struct {
			ID int64 `json:"id"`
		}
		err := in.call(ctx, "POST", "/api/campaigns", map[string]any{
			"name": fmt.Sprintf("Bench %d", i+1), "channel_id": channelID, "sender_id": snd,
			"recipients": map[string]any{"numbers": nums},
			"content":    map[string]any{"body": "Hello, our spring sale starts today. Reply STOP to opt out."},
			"draft":      true, "mode": "direct",
		}, &c)
		if err != nil {
			return fmt.Errorf("create campaign: %w", err)
		}
		ids[i] = c.ID
		progress("campaign: created draft %d of %d (%s recipients)", i+1, len(senders), thousands(int64(per)))
	}
	createTook := time.Since(createStart)

	// The desk's conversation list, one client, all through the run.
	var listLat recorder
	listCtx, stopList := context.WithCancel(ctx)
	defer stopList()
	var listWG sync.WaitGroup
	listWG.Add(1)
	go func() {
		defer listWG.Done()
		for listCtx.Err() == nil {
			start := time.Now()
			if _, err := listPage(listCtx, in, ""); err == nil {
				listLat.add(time.Since(start))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	var peakRSS atomic.Uint64
	memCtx, stopMem := context.WithCancel(ctx)
	defer stopMem()
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for memCtx.Err() == nil {
			if v := procStatusField("/proc/self/status", "VmRSS:"); v > peakRSS.Load() {
				peakRSS.Store(v)
			}
			select {
			case <-memCtx.Done():
			case <-t.C:
			}
		}
	}()

	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// Send now: each draft in turn.
	// Send now: every draft at once, as twenty people would.
	sendNow, answered := make([]time.Time, len(ids)), make([]time.Time, len(ids))
	progress("campaign: send now")
	errs := make(chan error, len(ids))
	for i, id := range ids {
		go func() {
			sendNow[i] = time.Now()
			err := in.call(ctx, "PATCH", fmt.Sprintf("/api/campaigns/%d", id), map[string]any{"draft": false}, nil)
			answered[i] = time.Now()
			errs <- err
		}()
	}
	for range ids {
		if err := <-errs; err != nil {
			return fmt.Errorf("send now: %w", err)
		}
	}
	deadline := time.Now().Add(time.Duration(float64(per)/o.CampaignRate*3)*time.Second + time.Minute)
	for {
		var open int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM campaigns WHERE id = ANY($1) AND status <> 'completed'`, ids).Scan(&open); err != nil {
			return err
		}
		if open == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d campaigns not completed in time", open)
		}
		progress("campaign: %s sends at the provider, %d campaigns running", thousands(int64(len(stub.Sent()))), open)
		time.Sleep(2 * time.Second)
	}
	stopList()
	listWG.Wait()
	stopMem()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)

	var first, last time.Time
	var firstDelays, engineDelays, patchTimes []time.Duration
	var worst float64
	rates := make([]string, 0, len(numbers))
	for i, n := range numbers {
		times := stub.Times(n)
		if len(times) == 0 {
			return fmt.Errorf("sender %s sent nothing", n)
		}
		if first.IsZero() || times[0].Before(first) {
			first = times[0]
		}
		if l := times[len(times)-1]; l.After(last) {
			last = l
		}
		firstDelays = append(firstDelays, times[0].Sub(sendNow[i]))
		engineDelays = append(engineDelays, times[0].Sub(answered[i]))
		patchTimes = append(patchTimes, answered[i].Sub(sendNow[i]))
		// The sender's rate between its first and last send.
		r := float64(len(times)-1) / times[len(times)-1].Sub(times[0]).Seconds()
		if d := r/o.CampaignRate - 1; d > worst || -d > worst {
			worst = max(d, -d)
		}
		rates = append(rates, trimFloat(r, 1))
		peak := providerstub.MaxInWindow(times, time.Second)
		if peak > int(o.CampaignRate*1.01)+1 {
			rep.note("campaign: sender %s sent %d within one second (limit %v/s)", n, peak, o.CampaignRate)
		}
	}
	spread := func(d []time.Duration) string {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return ms(d[0]) + " / " + ms(d[len(d)/2]) + " / " + ms(d[len(d)-1])
	}
	total := len(stub.Sent())
	dupes := 0
	for _, c := range stub.Counts() {
		if c > 1 {
			dupes++
		}
	}
	rate := float64(total) / last.Sub(first).Seconds()
	rep.add(sc, "recipients, senders, limit, provider delay", fmt.Sprintf("%s over %d SMS senders, %v/s each, %v",
		thousands(int64(total)), len(numbers), o.CampaignRate, o.ProviderDelay))
	rep.add(sc, "drafts created through the API (recipients resolved)", fmt.Sprintf("%.1f s", createTook.Seconds()))
	rep.check(sc, "total sends/s (first to last send)", perSecond(rate), "≥ 5,000/s", rate >= 5000)
	rep.check(sc, "each sender's rate vs its limit (worst)", fmt.Sprintf("%.2f %% off %v/s", worst*100, o.CampaignRate),
		"within 1 %", worst <= 0.01)
	rep.add(sc, "sender rates (/s)", fmt.Sprint(rates))
	rep.check(sc, "recipients sent twice", fmt.Sprint(dupes), "0", dupes == 0)
	s := listLat.summary()
	rep.check(sc, fmt.Sprintf("conversation list meanwhile (%s conversations, %d requests): p50 / p99", thousands(listed), s.N),
		ms(s.P50)+" / "+ms(s.P99), "p99 ≤ 50 ms", s.N > 0 && s.P99 <= 50*time.Millisecond)
	rep.add(sc, "send now → first send (fastest / median / slowest of the campaigns started at once)", spread(firstDelays))
	rep.add(sc, "of which the PATCH that starts it", spread(patchTimes))
	rep.add(sc, "and from its answer to the first send (the engine)", spread(engineDelays))
	rep.add(sc, "memory: peak RSS of the process (server, load generator, stand-in) / Go heap after", fmt.Sprintf("%d MiB / %d MiB",
		peakRSS.Load()/1024, mem.HeapInuse>>20))
	rep.note("campaign: the server, the stand-in provider and the load generator share this process and machine; direct mode, one SMS segment each, consent checked per send.")
	return nil
}
