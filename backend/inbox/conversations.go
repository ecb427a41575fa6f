package inbox

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/optional"
	"switchboard/backend/realtime"
)

// WhatsAppWindow is how long after the contact's last message free-form
// messages may be sent.
const WhatsAppWindow = 24 * time.Hour

// ContactRef is the contact as conversation lists show it.
type ContactRef struct {
	ID             int64   `json:"id"`
	Name           string  `json:"name"`
	WhatsAppNumber *string `json:"whatsapp_number"`
	SMSNumber      *string `json:"sms_number"`
	// Blocked contacts are sent nothing.
	Blocked bool `json:"blocked"`
}

// ConversationView is a conversation with what the desk shows next to it.
type ConversationView struct {
	Conversation
	Contact         ContactRef `json:"contact"`
	ChannelName     string     `json:"channel_name"`
	ChannelKind     string     `json:"channel_kind"`
	SenderNumber    string     `json:"sender_number"`
	AssigneeName    *string    `json:"assignee_name"`
	WindowExpiresAt *time.Time `json:"window_expires_at"`
	Labels          []LabelRef `json:"labels"`
}

// LabelRef is a label as conversation lists show it.
type LabelRef struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

type conversationRow struct {
	Conversation `bun:",extend"`

	ContactName  string     `bun:"contact_name"`
	ContactWA    *string    `bun:"contact_wa"`
	ContactSMS   *string    `bun:"contact_sms"`
	ContactBlock bool       `bun:"contact_blocked"`
	ChannelName  string     `bun:"channel_name"`
	ChannelKind  string     `bun:"channel_kind"`
	SenderNumber string     `bun:"sender_number"`
	AssigneeName *string    `bun:"assignee_name"`
	Labels       []LabelRef `bun:"labels,type:jsonb"`
}

func (r *conversationRow) view() ConversationView {
	v := ConversationView{Conversation: r.Conversation,
		Contact: ContactRef{ID: r.ContactID, Name: r.ContactName, WhatsAppNumber: r.ContactWA, SMSNumber: r.ContactSMS,
			Blocked: r.ContactBlock},
		ChannelName: r.ChannelName, ChannelKind: r.ChannelKind, SenderNumber: r.SenderNumber, AssigneeName: r.AssigneeName,
		Labels: r.Labels}
	if v.Labels == nil {
		v.Labels = []LabelRef{}
	}
	v.WindowExpiresAt = windowExpiry(r.ChannelKind, r.LastInboundAt)
	return v
}

// windowExpiry is when the free-form window closes, nil when the channel
// has none or the contact never wrote.
func windowExpiry(kind string, lastInbound *time.Time) *time.Time {
	if kind == KindSMS || lastInbound == nil {
		return nil
	}
	t := lastInbound.Add(WhatsAppWindow)
	return &t
}

func (s *Service) conversationQuery(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("conversations AS c").
		ColumnExpr("c.*").
		ColumnExpr(`CASE WHEN ct.name <> '' THEN ct.name ELSE btrim(ct.first_name || ' ' || ct.last_name) END AS contact_name`).
		ColumnExpr("ct.whatsapp_number AS contact_wa, ct.sms_number AS contact_sms, ct.blocked AS contact_blocked").
		ColumnExpr("ch.name AS channel_name, ch.kind AS channel_kind").
		ColumnExpr("snd.phone_number AS sender_number").
		ColumnExpr("u.name AS assignee_name").
		ColumnExpr(`(SELECT coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name), '[]')
			FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS labels`).
		Join("JOIN contacts AS ct ON ct.id = c.contact_id").
		Join("JOIN channels AS ch ON ch.id = c.channel_id").
		Join("JOIN channel_senders AS snd ON snd.id = c.sender_id").
		Join("LEFT JOIN users AS u ON u.id = c.assignee_id")
}

// ListFilter selects conversations for the desk.
type ListFilter struct {
	// Tab is "mine", "unassigned" or "all".
	Tab       string
	Status    string
	ChannelID int64
	ContactID int64
	LabelID   int64
	QueueID   int64
	// AssigneeID filters by agent (supervisor views).
	AssigneeID int64
	Query      string
	Cursor     string
	Limit      int
}

// Page is one page of a keyset-paginated list.
type Page[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func encodeCursor(at time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at.UnixMicro(), 10) + ":" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (time.Time, int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, 0, err
	}
	a, bs, ok := strings.Cut(string(b), ":")
	if !ok {
		return time.Time{}, 0, errors.New("bad cursor")
	}
	us, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(bs, 10, 64)
	if err1 != nil || err2 != nil {
		return time.Time{}, 0, errors.New("bad cursor")
	}
	return time.UnixMicro(us), id, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListConversations returns the newest-active conversations first, keyset
// paginated on (last_message_at, id) so it stays fast at any size.
func (s *Service) ListConversations(ctx context.Context, viewer Viewer, f ListFilter) (Page[ConversationView], error) {
	var v apperror.Validation
	switch f.Tab {
	case "", "all", "mine", "unassigned", "waiting":
	default:
		v.Check(false, "tab", "must be mine, unassigned, waiting or all")
	}
	switch f.Status {
	case "", StatusOpen, StatusPending, StatusSnoozed, StatusResolved:
	default:
		v.Check(false, "status", "must be open, pending, snoozed or resolved")
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v.Check(f.Limit > 0 && f.Limit <= 200, "limit", "must be 1 to 200")
	v.Check(len(f.Query) <= 200, "q", "must be at most 200 characters")
	var curAt time.Time
	var curID int64
	if f.Cursor != "" {
		var err error
		curAt, curID, err = decodeCursor(f.Cursor)
		v.Check(err == nil, "cursor", "is not a cursor returned by a previous page")
	}
	if err := v.Err(); err != nil {
		return Page[ConversationView]{}, err
	}
	q := s.conversationQuery(s.db).Where("c.account_id = ?", viewer.AccountID)
	viewer.restrict(q)
	switch f.Tab {
	case "mine":
		q.Where("c.assignee_id = ?", viewer.UserID)
	case "unassigned":
		q.Where("c.assignee_id IS NULL")
	case "waiting":
		q.Where("c.assignee_id IS NULL AND c.queue_id IS NOT NULL AND c.status <> 'resolved'")
	}
	if f.Status != "" {
		q.Where("c.status = ?", f.Status)
	}
	if f.ChannelID != 0 {
		q.Where("c.channel_id = ?", f.ChannelID)
	}
	if f.ContactID != 0 {
		q.Where("c.contact_id = ?", f.ContactID)
	}
	if f.QueueID != 0 {
		q.Where("c.queue_id = ?", f.QueueID)
	}
	if f.AssigneeID != 0 {
		q.Where("c.assignee_id = ?", f.AssigneeID)
	}
	if f.LabelID != 0 {
		q.Where("EXISTS (SELECT 1 FROM conversation_labels cl WHERE cl.conversation_id = c.id AND cl.label_id = ?)", f.LabelID)
	}
	if term := strings.TrimSpace(f.Query); term != "" {
		like := "%" + escapeLike(term) + "%"
		q.Where(`(ct.name ILIKE ? OR (coalesce(ct.whatsapp_number, '') || ' ' || coalesce(ct.sms_number, '')) ILIKE ?
			OR c.id IN (SELECT m.conversation_id FROM messages m WHERE m.account_id = ? AND m.kind <> 'note' AND m.body ILIKE ?))`,
			like, like, viewer.AccountID, like)
	}
	if f.Cursor != "" {
		q.Where("(c.last_message_at, c.id) < (?, ?)", curAt, curID)
	}
	var rows []conversationRow
	if err := q.OrderExpr("c.last_message_at DESC, c.id DESC").Limit(int64(f.Limit)).Scan(ctx, &rows); err != nil {
		return Page[ConversationView]{}, fmt.Errorf("inbox: list conversations: %w", err)
	}
	page := Page[ConversationView]{Items: make([]ConversationView, 0, len(rows))}
	for i := range rows {
		page.Items = append(page.Items, rows[i].view())
	}
	if len(rows) == f.Limit {
		last := rows[len(rows)-1]
		c := encodeCursor(last.LastMessageAt, last.ID)
		page.Next = &c
	}
	return page, nil
}

// GetConversation returns one conversation the viewer may see.
func (s *Service) GetConversation(ctx context.Context, viewer Viewer, id int64) (ConversationView, error) {
	var row conversationRow
	q := s.conversationQuery(s.db).Where("c.account_id = ? AND c.id = ?", viewer.AccountID, id)
	viewer.restrict(q)
	err := q.Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return ConversationView{}, apperror.NotFound("conversation")
	}
	if err != nil {
		return ConversationView{}, fmt.Errorf("inbox: get conversation: %w", err)
	}
	return row.view(), nil
}

// ConversationUpdate changes status, snooze time or assignee.
type ConversationUpdate struct {
	Status       *string                   `json:"status"`
	SnoozedUntil optional.Value[time.Time] `json:"snoozed_until"`
	AssigneeID   optional.Value[int64]     `json:"assignee_id"`
}

// UpdateConversation applies u and publishes conversation.updated.
func (s *Service) UpdateConversation(ctx context.Context, viewer Viewer, id int64, u ConversationUpdate) (ConversationView, error) {
	cur, err := s.GetConversation(ctx, viewer, id)
	if err != nil {
		return ConversationView{}, err
	}
	var v apperror.Validation
	status := cur.Status
	if u.Status != nil {
		status = *u.Status
		switch status {
		case StatusOpen, StatusPending, StatusSnoozed, StatusResolved:
		default:
			v.Check(false, "status", "must be open, pending, snoozed or resolved")
		}
	}
	var snooze *time.Time
	if status == StatusSnoozed {
		snooze = u.SnoozedUntil.Ptr()
		if snooze == nil && u.Status == nil {
			snooze = cur.SnoozedUntil
		}
		v.Check(snooze != nil && snooze.After(s.now()), "snoozed_until", "a time in the future is required to snooze")
	}
	if u.AssigneeID.Set && !u.AssigneeID.Null {
		ok, err := s.db.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id").
			Where("m.account_id = ? AND m.user_id = ? AND u.active AND m.role <> 'campaign_manager'", viewer.AccountID, u.AssigneeID.V).Exists(ctx)
		if err != nil {
			return ConversationView{}, err
		}
		v.Check(ok, "assignee_id", "is not an active agent of this account")
	}
	if err := v.Err(); err != nil {
		return ConversationView{}, err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewUpdate().Model((*Conversation)(nil)).Where("id = ? AND account_id = ?", id, viewer.AccountID).
			Set("status = ?", status).Set("snoozed_until = ?", snooze).Set("updated_at = now()")
		if u.AssigneeID.Set {
			q.Set("assignee_id = ?", u.AssigneeID.Ptr())
		}
		if _, err := q.Exec(ctx); err != nil {
			return err
		}
		if u.AssigneeID.Set && !sameID(u.AssigneeID.Ptr(), cur.AssigneeID) {
			kind := "assigned"
			if u.AssigneeID.Null {
				kind = "unassigned"
			}
			if _, err := tx.NewRaw(`INSERT INTO conversation_history (account_id, conversation_id, kind, actor_id, user_id)
				VALUES (?, ?, ?, ?, ?)`, viewer.AccountID, id, kind, nullID(viewer.UserID), u.AssigneeID.Ptr()).Exec(ctx); err != nil {
				return err
			}
		}
		var prev []int64
		if cur.AssigneeID != nil {
			prev = append(prev, *cur.AssigneeID)
		} else if members, err := s.QueueMembers(ctx, tx, cur.QueueID); err != nil {
			return err
		} else {
			prev = members // they saw it waiting in their queue
		}
		return s.publishConversation(ctx, tx, realtime.TypeConversationUpdated, viewer.AccountID, id, prev...)
	})
	if err != nil {
		return ConversationView{}, fmt.Errorf("inbox: update conversation: %w", err)
	}
	if s.router != nil && (status != cur.Status || u.AssigneeID.Set) {
		s.router.Released(ctx, viewer.AccountID)
	}
	// The change may have taken the conversation out of the viewer's sight
	// (handed to a colleague); they still get the result of their change.
	return s.GetConversation(ctx, Viewer{AccountID: viewer.AccountID}, id)
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// publishConversation sends a conversation event (created or updated) with
// the conversation's current view.
// alsoTo names users who must hear of the change although the conversation
// is no longer theirs (a previous assignee).
func (s *Service) publishConversation(ctx context.Context, tx bun.IDB, typ string, accountID, id int64, alsoTo ...int64) error {
	var row conversationRow
	if err := s.conversationQuery(tx).Where("c.id = ?", id).Scan(ctx, &row); err != nil {
		return err
	}
	view := row.view()
	aud := audienceOf(&view.Conversation)
	aud.UserIDs = alsoTo
	return s.publish(ctx, tx, typ, accountID, aud, view)
}

// PublishConversationUpdated tells every entitled client that the
// conversation changed (labels, routing); tx is the change's transaction.
// alsoTo names users who lost sight of it (a previous assignee).
func (s *Service) PublishConversationUpdated(ctx context.Context, tx bun.IDB, accountID, id int64, alsoTo ...int64) error {
	return s.publishConversation(ctx, tx, realtime.TypeConversationUpdated, accountID, id, alsoTo...)
}

// MarkRead clears the conversation's unread count.
func (s *Service) MarkRead(ctx context.Context, viewer Viewer, id int64) error {
	if _, err := s.GetConversation(ctx, viewer, id); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewUpdate().Model((*Conversation)(nil)).Set("unread_count = 0, updated_at = now()").
			Where("id = ? AND account_id = ? AND unread_count > 0", id, viewer.AccountID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.publishConversation(ctx, tx, realtime.TypeConversationUpdated, viewer.AccountID, id)
	})
}

// WakeSnoozed reopens conversations whose snooze time has passed.
func (s *Service) WakeSnoozed(ctx context.Context) (int, error) {
	var woken []Conversation
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewRaw(`UPDATE conversations SET status = 'open', snoozed_until = NULL, updated_at = now()
			WHERE status = 'snoozed' AND snoozed_until <= now() RETURNING *`).Scan(ctx, &woken)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, c := range woken {
			if err := s.publishConversation(ctx, tx, realtime.TypeConversationUpdated, c.AccountID, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return len(woken), err
}
