package consent

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// ApplyMany must decide exactly as Apply does, change by change.
func TestApplyManyDecidesAsApplyDoes(t *testing.T) {
	t.Parallel()
	s, db, acctOne := setup(t)
	ctx := context.Background()
	var acctMany int64
	if err := db.NewRaw("INSERT INTO accounts (name) VALUES ('B') RETURNING id").Scan(ctx, &acctMany); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	states := []string{Granted, Revoked, Pending}
	sources := []string{SourceImport, SourceKeyword, SourceInbound, SourceAgent}
	for round := range 30 {
		// Each round is one batch: distinct numbers, so applying them one
		// by one in any order gives the same result.
		var batch []Change
		for i := range 8 {
			c := Change{Number: fmt.Sprintf("+43664%07d", i), ChannelKind: []string{KindWhatsApp, KindSMS}[rng.IntN(2)],
				State: states[rng.IntN(3)], Source: sources[rng.IntN(4)], Detail: fmt.Sprintf("round %d", round),
				UnlessRevoked: rng.IntN(3) == 0}
			if rng.IntN(2) == 0 {
				batch = append(batch, c)
			}
		}
		want := 0
		for _, c := range batch {
			_, changed, err := s.Apply(ctx, db, acctOne, c)
			if err != nil {
				t.Fatal(err)
			}
			if changed {
				want++
			}
		}
		// The same change twice in a batch is written once.
		if len(batch) > 0 {
			batch = append(batch, batch[0])
		}
		got, err := s.ApplyMany(ctx, db, acctMany, batch)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("round %d: ApplyMany changed %d, Apply %d", round, got, want)
		}
	}
	type row struct {
		Number, ChannelKind, State, Source, Detail string
		N                                          int
	}
	read := func(acct int64) []row {
		var out []row
		err := db.NewRaw(`SELECT c.number, c.channel_kind, c.state, c.source, c.detail,
				(SELECT count(*) FROM consent_history h WHERE h.account_id = c.account_id AND h.number = c.number
				 AND h.channel_kind = c.channel_kind) AS n
			FROM consents c WHERE c.account_id = ? ORDER BY c.number, c.channel_kind`, acct).Scan(ctx, &out)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, many := read(acctOne), read(acctMany)
	if fmt.Sprint(one) != fmt.Sprint(many) {
		t.Errorf("one by one:\n%v\nin batches:\n%v", one, many)
	}
	if len(one) == 0 {
		t.Fatal("no consents written")
	}
}
