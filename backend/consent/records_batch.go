package consent

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// ApplyMany records many changes in db in two statements, with the rules of
// Apply: a change that leaves the state as it is (the same state again, a
// "pending" after a decision, a grant with UnlessRevoked after a STOP) is
// neither written nor added to the history. Of two changes to the same
// number and kind the later wins. It returns how many consents changed.
// An import writes its rows' declared consents with it.
func (s *Service) ApplyMany(ctx context.Context, db bun.IDB, accountID int64, changes []Change) (int, error) {
	type key struct{ number, kind string }
	at := map[key]int{}
	var list []Change
	for _, c := range changes {
		if c.ChannelKind != KindWhatsApp && c.ChannelKind != KindSMS {
			return 0, fmt.Errorf("consent: unknown channel kind %q", c.ChannelKind)
		}
		if c.State != Granted && c.State != Revoked && c.State != Pending {
			return 0, fmt.Errorf("consent: unknown state %q", c.State)
		}
		k := key{c.Number, c.ChannelKind}
		if i, ok := at[k]; ok {
			list[i] = c // one statement may change a row only once
			continue
		}
		at[k] = len(list)
		list = append(list, c)
	}
	if len(list) == 0 {
		return 0, nil
	}
	n := len(list)
	numbers, kinds, states := make([]string, n), make([]string, n), make([]string, n)
	sources, details, notes := make([]string, n), make([]string, n), make([]string, n)
	users, tokens := make([]int64, n), make([]int64, n)
	unless := make([]bool, n)
	for i, c := range list {
		numbers[i], kinds[i], states[i] = c.Number, c.ChannelKind, c.State
		sources[i], details[i], notes[i] = c.Source, c.Detail, c.Note
		if c.UserID != nil {
			users[i] = *c.UserID
		}
		if c.TokenID != nil {
			tokens[i] = *c.TokenID
		}
		unless[i] = c.UnlessRevoked
	}
	// The same upsert as Apply's, for every change at once; the history
	// gets exactly the rows the upsert wrote.
	res, err := db.NewRaw(`WITH v AS (
			SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[])
				AS v(number, kind, state, source, detail, note, user_id, token_id, unless_revoked)
		), changed AS (
			INSERT INTO consents AS c (account_id, number, channel_kind, state, source, detail, note, user_id, token_id, changed_at)
			SELECT ?, v.number, v.kind, v.state, v.source, v.detail, v.note, nullif(v.user_id, 0), nullif(v.token_id, 0), ?
			FROM v
			WHERE NOT v.unless_revoked OR NOT EXISTS (SELECT 1 FROM consents AS r
				WHERE r.account_id = ? AND r.number = v.number AND r.channel_kind = v.kind AND r.state = 'revoked')
			ON CONFLICT (account_id, number, channel_kind) DO UPDATE
				SET state = EXCLUDED.state, source = EXCLUDED.source, detail = EXCLUDED.detail, note = EXCLUDED.note,
					user_id = EXCLUDED.user_id, token_id = EXCLUDED.token_id, changed_at = EXCLUDED.changed_at, wrote_since = false
				WHERE c.state <> EXCLUDED.state AND EXCLUDED.state <> 'pending'
			RETURNING c.number, c.channel_kind, c.state, c.source, c.detail, c.note, c.user_id, c.token_id, c.changed_at
		)
		INSERT INTO consent_history (account_id, number, channel_kind, state, source, detail, note, user_id, token_id, at)
		SELECT ?, number, channel_kind, state, source, detail, note, user_id, token_id, changed_at FROM changed`,
		pgdialect.Array(numbers), pgdialect.Array(kinds), pgdialect.Array(states), pgdialect.Array(sources),
		pgdialect.Array(details), pgdialect.Array(notes), pgdialect.Array(users), pgdialect.Array(tokens),
		pgdialect.Array(unless), accountID, s.now(), accountID, accountID).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("consent: apply many: %w", err)
	}
	changed, _ := res.RowsAffected()
	return int(changed), nil
}
