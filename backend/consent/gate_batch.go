package consent

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// CheckMany is Check for many sends of one account, kind and sender number
// at once (a campaign's batch): the same rules, read in db with one query
// for the records and, on SMS, one for the opt-outs. The result has one
// entry per check, nil where the send is allowed. Checks of another
// account, kind or sender than the first are checked one by one.
func (s *Service) CheckMany(ctx context.Context, db bun.IDB, checks []SendCheck) ([]error, error) {
	out := make([]error, len(checks))
	if len(checks) == 0 {
		return out, nil
	}
	first := checks[0]
	var numbers []string
	for _, c := range checks {
		if c.AccountID == first.AccountID && c.Kind == first.Kind && c.SenderID == first.SenderID && !c.Confirmation {
			numbers = append(numbers, c.Number)
		}
	}
	var recs []Record
	if len(numbers) > 0 {
		if err := db.NewSelect().Model(&recs).Where("account_id = ? AND channel_kind = ? AND number = ANY(?)",
			first.AccountID, first.Kind, pgdialect.Array(numbers)).Scan(ctx); err != nil {
			return nil, fmt.Errorf("consent: records: %w", err)
		}
	}
	byNumber := make(map[string]*Record, len(recs))
	for i := range recs {
		byNumber[recs[i].Number] = &recs[i]
	}
	optedOut := map[string]bool{}
	if first.Kind == KindSMS && len(numbers) > 0 {
		var out []string
		if err := db.NewSelect().TableExpr("opt_outs").Column("number").
			Where("account_id = ? AND sender_id = ? AND number = ANY(?)", first.AccountID, first.SenderID, pgdialect.Array(numbers)).
			Scan(ctx, &out); err != nil {
			return nil, fmt.Errorf("consent: opt-outs: %w", err)
		}
		for _, n := range out {
			optedOut[n] = true
		}
	}
	now := s.now()
	for i, c := range checks {
		switch {
		case c.Confirmation:
		case c.AccountID != first.AccountID || c.Kind != first.Kind || c.SenderID != first.SenderID:
			if err := s.Check(ctx, db, c); isRefusal(err) {
				out[i] = err
			} else if err != nil {
				return nil, err
			}
		case c.Kind == KindSMS:
			if rec := byNumber[c.Number]; (rec != nil && rec.State == Revoked) || optedOut[c.Number] {
				out[i] = ErrOptedOut
			}
		default:
			out[i] = decideWhatsApp(byNumber[c.Number], c.LastInboundAt, now)
		}
	}
	return out, nil
}

// isRefusal tells Check's refusals from failures to check.
func isRefusal(err error) bool { return err == ErrOptedOut || err == ErrNoConsent || err == ErrStopped }
