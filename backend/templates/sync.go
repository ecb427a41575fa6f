package templates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/inbox"
)

// SyncResult says what a sync changed.
type SyncResult struct {
	ChannelID int64     `json:"channel_id"`
	Total     int       `json:"total"`
	Added     int       `json:"added"`
	Updated   int       `json:"updated"`
	Removed   int       `json:"removed"`
	SyncedAt  time.Time `json:"synced_at"`
}

// Sync reads the templates of an account's channel from its provider and
// stores them: new ones are added, changed ones updated, and those the
// provider no longer lists are marked DELETED. Errors are meant for the
// person who asked (a missing WABA id, the provider's refusal).
func (s *Service) Sync(ctx context.Context, accountID, channelID int64) (*SyncResult, error) {
	ch, err := s.inbox.GetChannel(ctx, accountID, channelID)
	if err != nil {
		return nil, err
	}
	return s.syncChannel(ctx, ch)
}

// SyncJob is the background sync of one channel. It returns an error only
// when trying again later may help; other failures are recorded for
// Settings to show.
func (s *Service) SyncJob(ctx context.Context, channelID int64) error {
	var ch inbox.Channel
	err := s.db.NewSelect().Model(&ch).Where("id = ?", channelID).Scan(ctx)
	if err != nil {
		return ignoreNoRows(err)
	}
	if !ch.Enabled || !syncable(&ch) {
		return nil
	}
	_, err = s.syncChannel(ctx, &ch)
	if errors.Is(err, apperror.ErrUnavailable) {
		return err
	}
	if err != nil && !errors.Is(err, apperror.ErrValidation) {
		return err
	}
	return nil
}

// SyncableChannels lists the enabled channels a periodic sync covers:
// sandboxes and WhatsApp channels with a business account id.
func (s *Service) SyncableChannels(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.db.NewSelect().Model((*inbox.Channel)(nil)).Column("id").
		Where("enabled AND (kind = ? OR (kind = ? AND coalesce(credentials->>'waba_id', '') <> ''))", inbox.KindSandbox, inbox.KindWhatsApp).
		OrderExpr("id").Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("templates: syncable channels: %w", err)
	}
	return ids, nil
}

// ChannelCreated enqueues the first template sync of a new channel that
// has templates. Failing to enqueue is logged; the periodic sync catches up.
func (s *Service) ChannelCreated(ctx context.Context, ch *inbox.Channel) {
	if s.jobs == nil || !syncable(ch) {
		return
	}
	if err := s.jobs.EnqueueTemplateSync(ctx, ch.ID); err != nil {
		s.log.Warn("enqueue template sync (the periodic sync catches up)", "channel_id", ch.ID, "err", err)
	}
}

func syncable(ch *inbox.Channel) bool {
	return ch.Kind == inbox.KindSandbox || (ch.Kind == inbox.KindWhatsApp && ch.Credentials["waba_id"] != "")
}

func (s *Service) syncChannel(ctx context.Context, ch *inbox.Channel) (*SyncResult, error) {
	list, err := s.fetch(ctx, ch)
	if err != nil {
		s.recordSync(ctx, ch, nil, err)
		return nil, err
	}
	res, err := s.store(ctx, ch, list)
	if err != nil {
		return nil, fmt.Errorf("templates: store sync: %w", err)
	}
	s.recordSync(ctx, ch, res, nil)
	return res, nil
}

// fetch lists the channel's templates at the provider.
func (s *Service) fetch(ctx context.Context, ch *inbox.Channel) ([]whatsapp.Template, error) {
	switch ch.Kind {
	case inbox.KindSandbox:
		return sandboxTemplates(), nil
	case inbox.KindWhatsApp:
	default:
		return nil, apperror.Invalid("no_templates", "only WhatsApp and sandbox channels have WhatsApp templates; SMS channels use SMS templates")
	}
	creds := s.inbox.Credentials(ch)
	if creds.WABAID == "" {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "waba_id_missing",
			Message: "this channel has no WhatsApp Business Account id; an administrator can add it in Settings → Channels",
			Fields:  map[string]string{"credentials.waba_id": "is required to sync templates"}}
	}
	if s.lister == nil {
		return nil, errors.New("templates: no WhatsApp client configured")
	}
	list, err := s.lister.ListTemplates(ctx, creds)
	if err == nil {
		return list, nil
	}
	if errors.Is(err, channels.ErrMissingCredentials) {
		return nil, apperror.Invalid("credentials_missing", "this channel lacks the access token needed to list its templates")
	}
	if se, ok := channels.AsSendError(err); ok && se.Permanent {
		reason := se.Title
		if reason == "" {
			reason = se.Message
		}
		if se.Code != "" {
			reason += " (error " + se.Code + ")"
		}
		return nil, apperror.Invalid("template_sync_failed", "WhatsApp refused the template listing: "+reason)
	}
	s.log.Warn("template listing failed", "channel_id", ch.ID, "err", err)
	return nil, &apperror.Error{Kind: apperror.ErrUnavailable, Code: "provider_unavailable",
		Message: "WhatsApp could not be reached or is busy; try again in a few minutes"}
}

// store upserts list as the channel's templates in one transaction.
func (s *Service) store(ctx context.Context, ch *inbox.Channel, list []whatsapp.Template) (*SyncResult, error) {
	now := s.now()
	res := &SyncResult{ChannelID: ch.ID, SyncedAt: now}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Concurrent syncs of one channel take turns.
		if _, err := tx.NewSelect().Model((*inbox.Channel)(nil)).Column("id").Where("id = ?", ch.ID).For("UPDATE").Exec(ctx); err != nil {
			return err
		}
		var existing []WhatsAppTemplate
		if err := tx.NewSelect().Model(&existing).Where("channel_id = ?", ch.ID).Scan(ctx); err != nil {
			return err
		}
		old := map[string]*WhatsAppTemplate{}
		for i := range existing {
			old[key(existing[i].Name, existing[i].Language)] = &existing[i]
		}
		seen := map[string]bool{}
		for _, pt := range list {
			t := fromProvider(ch, pt, now)
			k := key(t.Name, t.Language)
			if t.Name == "" || t.Language == "" || seen[k] {
				continue
			}
			seen[k] = true
			prev := old[k]
			changed := prev == nil || prev.DeletedAt != nil || !sameDefinition(prev, t)
			switch {
			case prev == nil:
				res.Added++
			case changed:
				res.Updated++
			}
			_, err := tx.NewInsert().Model(t).
				On("CONFLICT (channel_id, name, language) DO UPDATE").
				Set("provider_id = EXCLUDED.provider_id, category = EXCLUDED.category, status = EXCLUDED.status").
				Set("parameter_format = EXCLUDED.parameter_format, components = EXCLUDED.components").
				Set("synced_at = EXCLUDED.synced_at, deleted_at = NULL").
				Set("updated_at = CASE WHEN ? THEN now() ELSE ?TableAlias.updated_at END", changed).
				Exec(ctx)
			if err != nil {
				return err
			}
			res.Total++
		}
		var gone []int64
		for k, t := range old {
			if !seen[k] && t.DeletedAt == nil {
				gone = append(gone, t.ID)
			}
		}
		if len(gone) > 0 {
			if _, err := tx.NewUpdate().Model((*WhatsAppTemplate)(nil)).
				Set("status = ?, deleted_at = ?, updated_at = now()", StatusDeleted, now).
				Where("id IN (?)", bun.In(gone)).Exec(ctx); err != nil {
				return err
			}
		}
		res.Removed = len(gone)
		return nil
	})
	return res, err
}

func key(name, language string) string { return name + "\x00" + language }

func fromProvider(ch *inbox.Channel, pt whatsapp.Template, now time.Time) *WhatsAppTemplate {
	format := strings.ToUpper(pt.ParameterFormat)
	if format != FormatNamed && format != FormatPositional {
		format = inferFormat(pt.Components)
	}
	comps := pt.Components
	if comps == nil {
		comps = []whatsapp.TemplateComponent{}
	}
	return &WhatsAppTemplate{AccountID: ch.AccountID, ChannelID: ch.ID, ProviderID: pt.ID, Name: pt.Name,
		Language: pt.Language, Category: strings.ToUpper(pt.Category), Status: strings.ToUpper(pt.Status),
		ParameterFormat: format, Components: comps, SyncedAt: now}
}

// sameDefinition compares what the provider defines, with the components
// as JSON values (the database normalizes their spacing and key order).
func sameDefinition(a, b *WhatsAppTemplate) bool {
	if a.ProviderID != b.ProviderID || a.Category != b.Category || a.Status != b.Status || a.ParameterFormat != b.ParameterFormat {
		return false
	}
	return reflect.DeepEqual(jsonValue(a.Components), jsonValue(b.Components))
}

func jsonValue(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// recordSync keeps the outcome of a sync for Settings.
func (s *Service) recordSync(ctx context.Context, ch *inbox.Channel, res *SyncResult, syncErr error) {
	st := &SyncState{ChannelID: ch.ID, AccountID: ch.AccountID, AttemptedAt: s.now()}
	q := s.db.NewInsert().Model(st).On("CONFLICT (channel_id) DO UPDATE").Set("attempted_at = EXCLUDED.attempted_at, error = EXCLUDED.error")
	if syncErr != nil {
		st.Error = syncErr.Error()
	} else {
		st.SucceededAt, st.TemplateCount = &st.AttemptedAt, res.Total
		q.Set("succeeded_at = EXCLUDED.succeeded_at, template_count = EXCLUDED.template_count")
	}
	if _, err := q.Exec(ctx); err != nil {
		s.log.Warn("record template sync", "channel_id", ch.ID, "err", err)
	}
}
