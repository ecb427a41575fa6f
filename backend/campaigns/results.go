package campaigns

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/spreadsheet"
)

// RecipientFilter selects a page of a campaign's recipients, in order.
type RecipientFilter struct {
	Status string
	After  int64
	Limit  int
}

// RecipientPage is one page of results.
type RecipientPage struct {
	Items      []*Recipient `json:"items"`
	NextCursor *string      `json:"next_cursor"`
}

var recipientStatuses = map[string]bool{RecipientQueued: true, RecipientSending: true, RecipientSent: true,
	RecipientFailed: true, RecipientExcluded: true, RecipientUnknown: true, RecipientDeferred: true}

// resultStatus filters beyond the row's status: what followed the send.
var resultStatus = map[string]string{
	"delivered": "cr.delivered_at IS NOT NULL",
	"read":      "cr.read_at IS NOT NULL",
	"replied":   "cr.replied_at IS NOT NULL",
	"clicked":   "cr.clicked_at IS NOT NULL",
}

func checkRecipientStatus(status string) error {
	if status == "" || recipientStatuses[status] || resultStatus[status] != "" {
		return nil
	}
	return &apperror.Error{Kind: apperror.ErrBadRequest, Code: "bad_query", Message: "invalid query parameters",
		Fields: map[string]string{"status": "must be queued, sending, sent, failed, excluded, unknown, deferred, delivered, read, replied or clicked"}}
}

// Recipients returns a page of a campaign's results.
func (s *Service) Recipients(ctx context.Context, accountID, campaignID int64, f RecipientFilter) (*RecipientPage, error) {
	if err := checkRecipientStatus(f.Status); err != nil {
		return nil, err
	}
	if _, err := s.load(ctx, s.db, accountID, campaignID, false); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	items, err := s.recipientRows(ctx, campaignID, f.Status, f.After, f.Limit+1)
	if err != nil {
		return nil, err
	}
	page := &RecipientPage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		cur := fmt.Sprint(page.Items[f.Limit-1].ID)
		page.NextCursor = &cur
	}
	return page, nil
}

func (s *Service) recipientRows(ctx context.Context, campaignID int64, status string, after int64, limit int) ([]*Recipient, error) {
	items := []*Recipient{}
	q := s.db.NewSelect().Model(&items).ColumnExpr("cr.*").ColumnExpr("coalesce(ct.name, '') AS contact_name").
		Join("LEFT JOIN contacts AS ct ON ct.id = cr.contact_id").
		Where("cr.campaign_id = ? AND cr.id > ?", campaignID, after).OrderExpr("cr.id").Limit(int64(limit))
	switch {
	case recipientStatuses[status]:
		q = q.Where("cr.status = ?", status)
	case resultStatus[status] != "":
		q = q.Where(resultStatus[status])
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("campaigns: recipients: %w", err)
	}
	for _, r := range items {
		if strings.HasPrefix(r.Number, noNumberPrefix) {
			r.Number = "" // no number of the campaign's type
		}
	}
	return items, nil
}

// exportBatch is how many rows an export reads at a time.
const exportBatch = 5000

var exportHeader = []string{"number", "contact_name", "status", "reason", "reason_message",
	"sent_at", "delivered_at", "read_at", "replied_at", "clicked_at", "failed_at"}

// Export writes a campaign's results (all or of one status) as CSV or XLSX.
func (s *Service) Export(ctx context.Context, accountID, campaignID int64, format spreadsheet.Format, status string, w io.Writer) error {
	if err := checkRecipientStatus(status); err != nil {
		return err
	}
	if _, err := s.load(ctx, s.db, accountID, campaignID, false); err != nil {
		return err
	}
	if format != "" && format != spreadsheet.FormatCSV && format != spreadsheet.FormatXLSX {
		return &apperror.Error{Kind: apperror.ErrBadRequest, Code: "bad_query", Message: "invalid query parameters",
			Fields: map[string]string{"format": "must be csv or xlsx"}}
	}
	out, err := spreadsheet.NewWriter(format, w, ',')
	if err != nil {
		return err
	}
	if err := out.Write(exportHeader); err != nil {
		return err
	}
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	var after int64
	for {
		rows, err := s.recipientRows(ctx, campaignID, status, after, exportBatch)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := out.Write([]string{r.Number, r.ContactName, r.Status, r.Reason, r.ReasonMessage,
				stamp(r.SentAt), stamp(r.DeliveredAt), stamp(r.ReadAt), stamp(r.RepliedAt), stamp(r.ClickedAt),
				stamp(r.FailedAt)}); err != nil {
				return err
			}
			after = r.ID
		}
		if len(rows) < exportBatch {
			return out.Close()
		}
	}
}
