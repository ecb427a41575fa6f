package consent

import (
	"context"
	"testing"

	"switchboard/backend/testdb"
)

func TestCheckManyDecidesAsCheckDoes(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t).Bun
	s := NewService(db)
	var acct, sender int64
	if err := db.NewRaw("INSERT INTO accounts (name) VALUES ('Batch') RETURNING id").Scan(ctx, &acct); err != nil {
		t.Fatal(err)
	}
	var ch int64
	if err := db.NewRaw("INSERT INTO channels (account_id, kind, name) VALUES (?, 'sms_twilio', 'SMS') RETURNING id", acct).Scan(ctx, &ch); err != nil {
		t.Fatal(err)
	}
	if err := db.NewRaw("INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES (?, ?, '+15550001') RETURNING id", acct, ch).Scan(ctx, &sender); err != nil {
		t.Fatal(err)
	}
	for _, c := range []Change{
		{Number: "+431", ChannelKind: KindWhatsApp, State: Granted, Source: SourceImport},
		{Number: "+432", ChannelKind: KindWhatsApp, State: Revoked, Source: SourceKeyword},
		{Number: "+434", ChannelKind: KindSMS, State: Revoked, Source: SourceKeyword},
	} {
		if _, _, err := s.Apply(ctx, db, acct, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.NewRaw("INSERT INTO opt_outs (account_id, sender_id, number) VALUES (?, ?, '+435')", acct, sender).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var checks []SendCheck
	for _, n := range []string{"+431", "+432", "+433"} {
		checks = append(checks, SendCheck{AccountID: acct, Kind: KindWhatsApp, Number: n, SenderID: sender})
	}
	checks = append(checks, SendCheck{AccountID: acct, Kind: KindWhatsApp, Number: "+433", SenderID: sender, Confirmation: true})
	var sms []SendCheck
	for _, n := range []string{"+434", "+435", "+436"} {
		sms = append(sms, SendCheck{AccountID: acct, Kind: KindSMS, Number: n, SenderID: sender})
	}
	for _, batch := range [][]SendCheck{checks, sms, append(append([]SendCheck{}, sms...), checks...)} {
		got, err := s.CheckMany(ctx, db, batch)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range batch {
			if want := s.Check(ctx, db, c); got[i] != want {
				t.Errorf("%s %s: CheckMany %v, Check %v", c.Kind, c.Number, got[i], want)
			}
		}
	}
}
