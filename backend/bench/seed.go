package bench

import (
	"context"
	"fmt"
	"time"

	"switchboard/backend/accounts"
	"switchboard/backend/authz"
)

// seedSQL inserts the contacts lo..hi, a conversation for each and, when
// $7, one inbound message per conversation, in one statement. Everything
// else derives from hashes of the ids, so runs are alike: 40 % open, 10 %
// pending, 5 % snoozed, 45 % resolved; 30 % unassigned, the rest spread
// over the agents ($6); last activity spread over a year; a third of the
// contacts on SMS, the others over two WhatsApp channels ($4, senders $5).
const seedSQL = `
WITH ct AS (
	INSERT INTO contacts (account_id, name, whatsapp_number, sms_number)
	SELECT $1,
		(ARRAY['Maria','James','Aisha','Wei','Olga','Carlos','Fatima','John','Priya','Lucas',
			'Amara','Yuki','Omar','Sofia','Ivan','Chen','Grace','Mateo','Leila','Noah'])[1 + g % 20] || ' ' ||
		(ARRAY['Garcia','Smith','Khan','Wang','Petrova','Silva','Haddad','Brown','Patel','Rossi',
			'Okafor','Tanaka','Farouk','Lopez','Ivanov','Li','Mensah','Fernandez','Nasser','Jones'])[1 + (g / 20) % 20],
		CASE WHEN g % 3 <> 2 THEN '+1555' || lpad(g::text, 7, '0') END,
		CASE WHEN g % 3 = 2 THEN '+1555' || lpad(g::text, 7, '0') END
	FROM generate_series($2::bigint, $3::bigint) AS g
	RETURNING id, sms_number IS NOT NULL AS sms
), h AS (
	SELECT id, sms, abs(hashint8(id)::bigint) AS h1, abs(hashint8(id + 7919)::bigint) AS h2,
		abs(hashint8(id + 104729)::bigint) % 31536000 AS age
	FROM ct
), cv AS (
	INSERT INTO conversations (account_id, contact_id, channel_id, sender_id, status, snoozed_until, assignee_id,
		last_message_at, last_message_preview, last_inbound_at, unread_count, created_at)
	SELECT $1, id, ($4::bigint[])[k], ($5::bigint[])[k], st,
		CASE WHEN st = 'snoozed' THEN now() + interval '1 day' END,
		CASE WHEN h2 % 10 >= 3 THEN ($6::bigint[])[1 + (h2 / 10) % cardinality($6::bigint[])] END,
		now() - age * interval '1 second',
		(ARRAY['Hi, where is my order?','Can I change my delivery address?','Thanks, that worked!',
			'Is the shop open on Sunday?','I would like a refund please','The app shows an error when I pay',
			'Do you ship abroad?','Please call me back','What are your prices for groups?','Got it, see you tomorrow'])[1 + h1 % 10]
			|| ' #' || id,
		now() - age * interval '1 second',
		CASE WHEN st = 'open' THEN h2 % 4 ELSE 0 END,
		now() - age * interval '1 second' - interval '1 hour'
	FROM (SELECT *, CASE WHEN sms THEN 3 ELSE 1 + id % 2 END AS k,
		CASE WHEN h1 % 100 < 40 THEN 'open' WHEN h1 % 100 < 50 THEN 'pending'
			WHEN h1 % 100 < 55 THEN 'snoozed' ELSE 'resolved' END AS st FROM h) x
	RETURNING id, channel_id, last_message_at, last_message_preview
)
INSERT INTO messages (account_id, conversation_id, channel_id, direction, kind, body, provider_message_id,
	status, created_at, provider_at)
SELECT $1, id, channel_id, 'in', 'text', last_message_preview, 'wamid.seed-' || id, 'received',
	last_message_at, last_message_at
FROM cv WHERE $7`

// seeded says what the seed holds that the list requests look for.
type seeded struct {
	name, number string
}

// seedConversations adds n conversations to the bench account, in batches.
func seedConversations(ctx context.Context, in *instance, n int, withMessages bool) (seeded, error) {
	s := seeded{name: "Maria Garcia", number: fmt.Sprintf("1555%07d", n/2+1)}
	if n/2%3 == 1 { // the contact n/2+1 is on SMS; pick a WhatsApp one
		s.number = fmt.Sprintf("1555%07d", n/2+2)
	}
	pool := in.srv.DB.Pool
	agents := []int64{in.admin.ID}
	for i := range 9 {
		m, err := in.srv.Accounts.CreateMember(ctx, in.accountID, accounts.CreateMemberInput{
			Email: fmt.Sprintf("agent%d@bench.test", i+1), Name: fmt.Sprintf("Agent %d", i+1),
			Role: authz.RoleAgent, Password: randomHex(12)})
		if err != nil {
			return s, err
		}
		agents = append(agents, m.ID)
	}
	channels := []int64{in.channelID}
	var sender int64
	if err := pool.QueryRow(ctx, "SELECT id FROM channel_senders WHERE channel_id = $1", in.channelID).Scan(&sender); err != nil {
		return s, err
	}
	senders := []int64{sender}
	for _, c := range []struct{ kind, name, number string }{
		{"whatsapp_cloud", "WhatsApp Sales", "+15550783882"}, {"sms_twilio", "SMS", "+15550783883"},
	} {
		var ch, snd int64
		if err := pool.QueryRow(ctx, "INSERT INTO channels (account_id, kind, name) VALUES ($1, $2, $3) RETURNING id",
			in.accountID, c.kind, c.name).Scan(&ch); err != nil {
			return s, err
		}
		if err := pool.QueryRow(ctx, "INSERT INTO channel_senders (account_id, channel_id, phone_number) VALUES ($1, $2, $3) RETURNING id",
			in.accountID, ch, c.number).Scan(&snd); err != nil {
			return s, err
		}
		channels, senders = append(channels, ch), append(senders, snd)
	}

	start := time.Now()
	const batch = 50_000
	for lo := 1; lo <= n; lo += batch {
		hi := min(lo+batch-1, n)
		if _, err := pool.Exec(ctx, seedSQL, in.accountID, lo, hi, channels, senders, agents, withMessages); err != nil {
			return s, fmt.Errorf("seed: %w", err)
		}
		progress("list: seeded %s of %s conversations (%.0f s)", thousands(int64(hi)), thousands(int64(n)), time.Since(start).Seconds())
	}
	progress("list: vacuum and analyze")
	for _, t := range []string{"contacts", "conversations", "messages"} {
		if _, err := pool.Exec(ctx, "VACUUM (ANALYZE) "+t); err != nil {
			return s, err
		}
	}
	progress("list: seeding took %.0f s", time.Since(start).Seconds())
	return s, nil
}
