package inbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
	"switchboard/backend/phone"
)

// credentialKeys lists the secrets each kind takes and which are required.
var credentialKeys = map[string]map[string]bool{
	KindWhatsApp: {"access_token": true, "app_secret": true, "verify_token": true, "waba_id": false},
	KindSMS:      {"account_sid": true, "auth_token": true, "messaging_service_sid": false},
	KindSandbox:  {},
}

// ChannelView is a channel as the API shows it: secrets are never returned,
// only whether each is set.
type ChannelView struct {
	*Channel
	CredentialsSet map[string]bool `json:"credentials_set"`
	WebhookURL     string          `json:"webhook_url"`
}

// View builds the API view of c; publicURL is the server's public base URL.
func (c *Channel) View(publicURL string) ChannelView {
	set := map[string]bool{}
	for k := range credentialKeys[c.Kind] {
		set[k] = c.Credentials[k] != ""
	}
	v := ChannelView{Channel: c, CredentialsSet: set}
	switch c.Kind {
	case KindWhatsApp:
		v.WebhookURL = fmt.Sprintf("%s/webhooks/whatsapp/%d", publicURL, c.ID)
	case KindSMS:
		v.WebhookURL = fmt.Sprintf("%s/webhooks/twilio/%d", publicURL, c.ID)
	}
	if c.Senders == nil {
		c.Senders = []*Sender{}
	}
	return v
}

// SenderInput is a sender number as the API takes it.
type SenderInput struct {
	PhoneNumber string `json:"phone_number"`
	ProviderID  string `json:"provider_id"`
	Name        string `json:"name"`
}

// ChannelInput creates a channel.
type ChannelInput struct {
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	BaseURL     string            `json:"base_url"`
	Credentials map[string]string `json:"credentials"`
	Senders     []SenderInput     `json:"senders"`
}

// ChannelUpdate changes a channel; nil fields stay. Credentials merge: a
// key given with a non-empty value replaces the stored secret.
type ChannelUpdate struct {
	Name        *string           `json:"name"`
	Enabled     *bool             `json:"enabled"`
	BaseURL     *string           `json:"base_url"`
	Credentials map[string]string `json:"credentials"`
}

func validateBaseURL(v *apperror.Validation, raw string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	v.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", "base_url", "must be an http(s) URL")
}

func validateCredentials(v *apperror.Validation, kind string, creds map[string]string, requireAll bool) {
	keys := credentialKeys[kind]
	for k, val := range creds {
		_, known := keys[k]
		v.Check(known, "credentials."+k, "is not a setting of this channel kind")
		v.Check(len(val) <= 1024, "credentials."+k, "is too long")
	}
	if requireAll {
		for k, required := range keys {
			v.Check(!required || strings.TrimSpace(creds[k]) != "", "credentials."+k, "is required")
		}
	}
}

func normalizeSender(v *apperror.Validation, field string, in *SenderInput) {
	n, err := phone.Normalize(in.PhoneNumber, "")
	v.Check(err == nil, field+".phone_number", phone.ErrInvalid.Error())
	in.PhoneNumber = n
	in.ProviderID = strings.TrimSpace(in.ProviderID)
	in.Name = strings.TrimSpace(in.Name)
	v.Check(len(in.ProviderID) <= 64, field+".provider_id", "is too long")
	v.Check(len(in.Name) <= 120, field+".name", "is too long")
}

func mapChannelConflict(err error) error {
	switch database.UniqueViolation(err) {
	case "channel_senders_channel_id_phone_number_key":
		return apperror.Conflict("phone_number", "this number is already a sender of the channel")
	case "channel_senders_provider_idx":
		return apperror.Conflict("provider_id", "this provider id is already used by a sender of the channel")
	}
	return err
}

// heldWebhooksExpr counts a channel's held webhooks (a partial index).
const heldWebhooksExpr = `(SELECT count(*) FROM webhook_events AS w
	WHERE w.channel_id = channel.id AND w.held_at IS NOT NULL AND w.processed_at IS NULL) AS held_webhooks`

// ListChannels returns the account's channels with their senders.
func (s *Service) ListChannels(ctx context.Context, accountID int64) ([]*Channel, error) {
	var out []*Channel
	err := s.db.NewSelect().Model(&out).Relation("Senders", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.OrderExpr("id")
	}).ColumnExpr("channel.*").ColumnExpr(heldWebhooksExpr).
		Where("channel.account_id = ?", accountID).OrderExpr("channel.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("inbox: list channels: %w", err)
	}
	return out, nil
}

// GetChannel returns one channel of the account.
func (s *Service) GetChannel(ctx context.Context, accountID, id int64) (*Channel, error) {
	c := new(Channel)
	err := s.db.NewSelect().Model(c).Relation("Senders", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.OrderExpr("id")
	}).ColumnExpr("channel.*").ColumnExpr(heldWebhooksExpr).
		Where("channel.id = ? AND channel.account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("channel")
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: get channel: %w", err)
	}
	return c, nil
}

// channelTTL is how long a webhook may use a channel read earlier: loading
// it was most of the acknowledgement's cost. Credential changes apply to
// webhooks after at most this long.
const channelTTL = 5 * time.Second

type cachedChannel struct {
	c  *Channel
	at time.Time
}

// channelByID loads a channel for a webhook (no account known yet).
func (s *Service) channelByID(ctx context.Context, id int64) (*Channel, error) {
	if v, ok := s.channelCache.Load(id); ok {
		if cc := v.(cachedChannel); s.now().Sub(cc.at) < channelTTL {
			return cc.c, nil
		}
	}
	c, err := s.loadChannel(ctx, id)
	if err != nil {
		return nil, err
	}
	s.channelCache.Store(id, cachedChannel{c: c, at: s.now()})
	return c, nil
}

func (s *Service) loadChannel(ctx context.Context, id int64) (*Channel, error) {
	c := new(Channel)
	err := s.db.NewSelect().Model(c).Relation("Senders").Where("channel.id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("channel")
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: channel: %w", err)
	}
	return c, nil
}

// CreateChannel creates a channel with its sender numbers.
func (s *Service) CreateChannel(ctx context.Context, accountID int64, in ChannelInput) (*Channel, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.BaseURL = strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	var v apperror.Validation
	_, knownKind := credentialKeys[in.Kind]
	v.Check(knownKind, "kind", "must be whatsapp_cloud, sms_twilio or sandbox")
	v.Check(in.Name != "", "name", "is required")
	v.Check(len(in.Name) <= 120, "name", "must be at most 120 characters")
	validateBaseURL(&v, in.BaseURL)
	if knownKind {
		validateCredentials(&v, in.Kind, in.Credentials, true)
	}
	v.Check(len(in.Senders) > 0, "senders", "add at least one sender number")
	seen, seenProvider := map[string]bool{}, map[string]bool{}
	for i := range in.Senders {
		field := fmt.Sprintf("senders.%d", i)
		normalizeSender(&v, field, &in.Senders[i])
		v.Check(!seen[in.Senders[i].PhoneNumber], field+".phone_number", "is listed twice")
		seen[in.Senders[i].PhoneNumber] = true
		if id := in.Senders[i].ProviderID; id != "" {
			v.Check(!seenProvider[id], field+".provider_id", "is listed twice")
			seenProvider[id] = true
		}
		if in.Kind == KindWhatsApp {
			v.Check(in.Senders[i].ProviderID != "", field+".provider_id", "is required (the phone-number id from Meta)")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Credentials == nil {
		in.Credentials = map[string]string{}
	}
	c := &Channel{AccountID: accountID, Kind: in.Kind, Name: in.Name, Enabled: true, BaseURL: in.BaseURL, Credentials: in.Credentials}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(c).Returning("*").Exec(ctx); err != nil {
			return err
		}
		for _, si := range in.Senders {
			snd := &Sender{AccountID: accountID, ChannelID: c.ID, PhoneNumber: si.PhoneNumber, ProviderID: si.ProviderID, Name: si.Name}
			if _, err := tx.NewInsert().Model(snd).Returning("*").Exec(ctx); err != nil {
				return err
			}
			c.Senders = append(c.Senders, snd)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: create channel: %w", mapChannelConflict(err))
	}
	return c, nil
}

// UpdateChannel renames, enables/disables or re-keys a channel.
func (s *Service) UpdateChannel(ctx context.Context, accountID, id int64, in ChannelUpdate) (*Channel, error) {
	c, err := s.GetChannel(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	var v apperror.Validation
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		v.Check(*in.Name != "" && len(*in.Name) <= 120, "name", "is required, at most 120 characters")
		c.Name = *in.Name
	}
	if in.BaseURL != nil {
		*in.BaseURL = strings.TrimRight(strings.TrimSpace(*in.BaseURL), "/")
		validateBaseURL(&v, *in.BaseURL)
		c.BaseURL = *in.BaseURL
	}
	validateCredentials(&v, c.Kind, in.Credentials, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	enabling := in.Enabled != nil && *in.Enabled && !c.Enabled
	if in.Enabled != nil {
		c.Enabled = *in.Enabled
	}
	for k, val := range in.Credentials {
		if val != "" {
			c.Credentials[k] = val
		}
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewUpdate().Model(c).Column("name", "enabled", "base_url", "credentials").
			Set("updated_at = now()").WherePK().Returning("updated_at").Exec(ctx)
		if err != nil || !enabling {
			return err
		}
		// Webhooks held while the channel was disabled are processed now.
		_, err = tx.NewUpdate().TableExpr("webhook_events").Set("held_at = NULL").Set("next_attempt_at = now()").
			Where("channel_id = ? AND processed_at IS NULL AND held_at IS NOT NULL", id).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: update channel: %w", err)
	}
	s.channelCache.Delete(id)
	if enabling {
		c.HeldWebhooks = 0
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return c, nil
}

// AddSender adds a sender number to a channel.
func (s *Service) AddSender(ctx context.Context, accountID, channelID int64, in SenderInput) (*Sender, error) {
	c, err := s.GetChannel(ctx, accountID, channelID)
	if err != nil {
		return nil, err
	}
	var v apperror.Validation
	normalizeSender(&v, "sender", &in)
	if c.Kind == KindWhatsApp {
		v.Check(in.ProviderID != "", "sender.provider_id", "is required (the phone-number id from Meta)")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	snd := &Sender{AccountID: accountID, ChannelID: c.ID, PhoneNumber: in.PhoneNumber, ProviderID: in.ProviderID, Name: in.Name}
	if _, err := s.db.NewInsert().Model(snd).Returning("*").Exec(ctx); err != nil {
		return nil, fmt.Errorf("inbox: add sender: %w", mapChannelConflict(err))
	}
	s.channelCache.Delete(channelID)
	return snd, nil
}

// RemoveSender removes a sender number that no conversation uses.
func (s *Service) RemoveSender(ctx context.Context, accountID, channelID, senderID int64) error {
	used, err := s.db.NewSelect().Model((*Conversation)(nil)).Where("sender_id = ? AND account_id = ?", senderID, accountID).Exists(ctx)
	if err != nil {
		return fmt.Errorf("inbox: remove sender: %w", err)
	}
	if used {
		return apperror.Conflict("sender", "conversations use this number; disable the channel instead")
	}
	res, err := s.db.NewDelete().Model((*Sender)(nil)).
		Where("id = ? AND channel_id = ? AND account_id = ?", senderID, channelID, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("inbox: remove sender: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperror.NotFound("sender")
	}
	return nil
}
