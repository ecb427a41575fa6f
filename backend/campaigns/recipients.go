package campaigns

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
)

// Exclusions counts the recipients left out of a campaign, by reason.
type Exclusions struct {
	NoConsent int `json:"no_consent"`
	OptedOut  int `json:"opted_out"`
	Inactive  int `json:"inactive"`
	Blocked   int `json:"blocked"`
	NoNumber  int `json:"no_number"`
	Duplicate int `json:"duplicate"`
}

func (e *Exclusions) add(reason string, n int) {
	switch reason {
	case ReasonNoConsent:
		e.NoConsent += n
	case ReasonOptedOut:
		e.OptedOut += n
	case ReasonInactive:
		e.Inactive += n
	case ReasonBlocked:
		e.Blocked += n
	case ReasonNoNumber:
		e.NoNumber += n
	case ReasonDuplicate:
		e.Duplicate += n
	}
}

func (e Exclusions) sum() int {
	return e.NoConsent + e.OptedOut + e.Inactive + e.Blocked + e.NoNumber + e.Duplicate
}

// Preview is who a campaign would reach.
type Preview struct {
	Total       int        `json:"total"`
	Excluded    Exclusions `json:"excluded"`
	WillReceive int        `json:"will_receive"`
}

// noNumberPrefix marks the number of a recipient without a number of the
// campaign's type: numbers are unique per campaign and must be set.
const noNumberPrefix = "#"

// resolveSQL decides every recipient in one statement: the sources
// (typed numbers, the recipients file, group members, phone book matches)
// are combined, matched to contacts, ranked per number (the first source
// wins), and each is queued or excluded with its reason. The numbers column
// of contacts is %[1]s; group members count when %[2]s.
const resolveSQL = `WITH cand AS (
	SELECT 1 AS src, t.ord, t.number, NULL::bigint AS contact_id, '{}'::jsonb AS variables
	FROM unnest(?::text[]) WITH ORDINALITY AS t(number, ord)
	UNION ALL
	SELECT 2, f.ord, f.r->>'number', NULL, coalesce(f.r->'variables', '{}'::jsonb)
	FROM campaign_files AS cf, jsonb_array_elements(cf.rows) WITH ORDINALITY AS f(r, ord)
	WHERE cf.id = ? AND cf.account_id = ?
	UNION ALL
	SELECT 3, m.contact_id, NULL, m.contact_id, '{}'::jsonb
	FROM contact_group_members AS m
	WHERE m.account_id = ? AND m.group_id = ANY(?::bigint[]) AND %[2]s
	UNION ALL
	SELECT 4, b.id, NULL, b.id, '{}'::jsonb FROM unnest(?::bigint[]) AS b(id)
), joined AS (
	SELECT cand.src, cand.ord, cand.variables, coalesce(c.id, cn.id) AS contact_id,
		coalesce(cand.number, c.%[1]s) AS number,
		coalesce(c.status, cn.status) AS status, coalesce(c.blocked, cn.blocked, false) AS blocked
	FROM cand
	LEFT JOIN contacts AS c ON c.id = cand.contact_id AND c.account_id = ?
	LEFT JOIN contacts AS cn ON cand.contact_id IS NULL AND cn.account_id = ? AND cn.%[1]s = cand.number
), ranked AS (
	SELECT j.*, row_number() OVER (PARTITION BY coalesce(j.number, '#' || j.contact_id) ORDER BY j.src, j.ord) AS rn
	FROM joined AS j
), decided AS (
	SELECT r.contact_id, coalesce(r.number, '#' || r.contact_id) AS number, r.variables, r.src, r.ord, r.rn,
		CASE
		WHEN r.rn > 1 THEN 'duplicate'
		WHEN r.number IS NULL THEN 'no_number'
		WHEN r.status = 'inactive' THEN 'inactive'
		WHEN r.blocked THEN 'blocked'
		WHEN ? = 'sms' AND (EXISTS (SELECT 1 FROM consents AS k WHERE k.account_id = ? AND k.number = r.number
				AND k.channel_kind = 'sms' AND k.state = 'revoked')
			OR EXISTS (SELECT 1 FROM opt_outs AS o WHERE o.sender_id = ? AND o.number = r.number)) THEN 'opted_out'
		WHEN ? = 'whatsapp' AND NOT EXISTS (SELECT 1 FROM consents AS k WHERE k.account_id = ? AND k.number = r.number
				AND k.channel_kind = 'whatsapp' AND k.state = 'granted') THEN 'no_consent'
		ELSE '' END AS reason
	FROM ranked AS r
)`

func (s *Service) resolveQuery(accountID int64, p *plan) (string, []any) {
	col, member := "sms_number", "true"
	if p.numberType == NumberWhatsApp {
		col, member = "whatsapp_number", "m.whatsapp"
	}
	numbers := p.numbers
	if numbers == nil {
		numbers = []string{}
	}
	groups := p.in.Recipients.GroupIDs
	if groups == nil {
		groups = []int64{}
	}
	return fmt.Sprintf(resolveSQL, col, member), []any{
		pgdialect.Array(numbers),
		p.in.Recipients.CSVUploadID, accountID,
		accountID, pgdialect.Array(groups),
		pgdialect.Array(p.bookIDs),
		accountID, accountID,
		p.kind, accountID, p.in.SenderID,
		p.kind, accountID,
	}
}

// phoneBook resolves the phone book filter into contact ids.
func (s *Service) phoneBook(ctx context.Context, accountID int64, p *plan) error {
	p.bookIDs = []int64{}
	if p.in.Recipients.Contacts == nil {
		return nil
	}
	ids, err := s.contacts.MatchingIDs(ctx, accountID, *p.in.Recipients.Contacts)
	if err != nil {
		return err
	}
	p.bookIDs = ids
	return nil
}

// preview counts what resolve would store.
func (s *Service) preview(ctx context.Context, accountID int64, p *plan) (Preview, error) {
	if err := s.phoneBook(ctx, accountID, p); err != nil {
		return Preview{}, err
	}
	q, args := s.resolveQuery(accountID, p)
	var rows []struct {
		Reason string `bun:"reason"`
		N      int    `bun:"n"`
	}
	if err := s.db.NewRaw(q+` SELECT reason, count(*) AS n FROM decided GROUP BY reason`, args...).Scan(ctx, &rows); err != nil {
		return Preview{}, fmt.Errorf("campaigns: preview: %w", err)
	}
	var out Preview
	for _, r := range rows {
		out.Total += r.N
		out.Excluded.add(r.Reason, r.N)
	}
	out.WillReceive = out.Total - out.Excluded.sum()
	return out, nil
}

// resolve stores the recipients of campaign c in db (replacing any) and
// returns the number of duplicates, which are not rows.
func (s *Service) resolve(ctx context.Context, db bun.IDB, c *Campaign, p *plan) (int, error) {
	if p.bookIDs == nil {
		if err := s.phoneBook(ctx, c.AccountID, p); err != nil {
			return 0, err
		}
	}
	if _, err := db.NewDelete().Model((*Recipient)(nil)).Where("campaign_id = ?", c.ID).Exec(ctx); err != nil {
		return 0, fmt.Errorf("campaigns: clear recipients: %w", err)
	}
	q, args := s.resolveQuery(c.AccountID, p)
	args = append(args, c.ID, c.AccountID)
	var dups int
	err := db.NewRaw(q+`, stored AS (
		INSERT INTO campaign_recipients (campaign_id, account_id, contact_id, number, variables, status, reason)
		SELECT ?, ?, d.contact_id, d.number, d.variables,
			CASE WHEN d.reason = '' THEN 'queued' ELSE 'excluded' END, d.reason
		FROM decided AS d WHERE d.reason <> 'duplicate'
		ORDER BY d.src, d.ord
	)
	SELECT count(*) FROM decided WHERE reason = 'duplicate'`, args...).Scan(ctx, &dups)
	if err != nil {
		return 0, fmt.Errorf("campaigns: resolve recipients: %w", err)
	}
	return dups, nil
}
