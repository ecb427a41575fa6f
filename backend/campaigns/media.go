package campaigns

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
	"switchboard/backend/inbox"
	"switchboard/backend/media"
)

// MaxMediaSize bounds a campaign media upload: the largest file any
// channel takes (a WhatsApp document). Each channel's own limits are
// checked when a campaign uses the file.
const MaxMediaSize = 100 << 20

// PublicMediaPrefix starts the public link token of a campaign's media
// ({PUBLIC_URL}/media/{token}), telling it from a message attachment's.
const PublicMediaPrefix = "cm."

// providerMediaTTL is how long an uploaded WhatsApp media id is reused
// (the Cloud API keeps uploads for 30 days).
const providerMediaTTL = 25 * 24 * time.Hour

// Media is a campaign's stored file: an MMS attachment or the media of a
// template's header, named in content.media_id by its id.
type Media struct {
	bun.BaseModel `bun:"table:campaign_media"`

	ID          int64                    `bun:"id,pk,autoincrement"`
	AccountID   int64                    `bun:"account_id"`
	Key         string                   `bun:"key"`
	MIME        string                   `bun:"mime"`
	Size        int64                    `bun:"size"`
	Filename    string                   `bun:"filename"`
	PublicToken string                   `bun:"public_token"`
	PublicUntil *time.Time               `bun:"public_until"`
	ProviderIDs map[string]providerMedia `bun:"provider_ids,type:jsonb,notnull"`
	CreatedBy   *int64                   `bun:"created_by"`
	CreatedAt   time.Time                `bun:"created_at,nullzero,notnull,default:current_timestamp"`
}

// providerMedia is a file uploaded to the provider from one sender.
type providerMedia struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

// MediaFile is what an upload answers: the id for content.media_id.
type MediaFile struct {
	ID       string `json:"id"`
	MIME     string `json:"mime"`
	Size     int64  `json:"size"`
	Filename string `json:"filename"`
}

// mediaFiles keeps campaign media in the media store and its rows.
type mediaFiles struct {
	db    *bun.DB
	store media.Store
}

// StoreMedia stores a campaign's media file. It must be a type some
// channel sends (its channel's limits are checked by the campaign using it).
func (s *Service) StoreMedia(ctx context.Context, accountID int64, who Actor, filename, mimeType string, size int64, r io.Reader) (*MediaFile, error) {
	if s.media.store == nil {
		return nil, errors.New("campaigns: no media store configured")
	}
	if mt, _, err := mime.ParseMediaType(mimeType); err == nil {
		mimeType = mt
	}
	limit := max(inbox.MaxMediaSize(inbox.KindSMS, mimeType), inbox.MaxMediaSize(inbox.KindWhatsApp, mimeType))
	if limit == 0 {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "unsupported_media",
			Message: fmt.Sprintf("campaigns cannot send %q files; send an image, a video, an audio file or a document", mimeType),
			Fields:  map[string]string{"file": "type not accepted by any channel"}}
	}
	tooLarge := &apperror.Error{Kind: apperror.ErrValidation, Code: "media_too_large",
		Message: fmt.Sprintf("%s files may be at most %d KB", mimeType, limit>>10), Fields: map[string]string{"file": "too large"}}
	if size > limit {
		return nil, tooLarge
	}
	name := path.Base(strings.ReplaceAll(filename, "\\", "/"))
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	key := inbox.MediaKey(accountID, "campaign", name)
	if err := s.media.store.Put(ctx, key, media.LimitReader(r, limit), size, mimeType); err != nil {
		if errors.Is(err, media.ErrTooLarge) {
			return nil, tooLarge
		}
		return nil, fmt.Errorf("campaigns: store media: %w", err)
	}
	obj, err := s.media.store.Stat(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("campaigns: stat media: %w", err)
	}
	token, err := publicToken()
	if err != nil {
		return nil, err
	}
	m := &Media{AccountID: accountID, Key: key, MIME: mimeType, Size: obj.Size, Filename: name, PublicToken: token,
		ProviderIDs: map[string]providerMedia{}, CreatedBy: who.UserID}
	if _, err := s.db.NewInsert().Model(m).Returning("id, created_at").Exec(ctx); err != nil {
		_ = s.media.store.Delete(ctx, key)
		return nil, fmt.Errorf("campaigns: keep media: %w", err)
	}
	return &MediaFile{ID: strconv.FormatInt(m.ID, 10), MIME: m.MIME, Size: m.Size, Filename: m.Filename}, nil
}

func publicToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return PublicMediaPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// errNoMedia is a media id that names no media file of the account.
var errNoMedia = errors.New("campaigns: no such media")

// mediaOf finds the media file id names in an account.
func mediaOf(ctx context.Context, db bun.IDB, accountID int64, id string) (*Media, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, errNoMedia
	}
	m := new(Media)
	err = db.NewSelect().Model(m).Where("id = ? AND account_id = ?", n, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoMedia
	}
	if err != nil {
		return nil, fmt.Errorf("campaigns: media: %w", err)
	}
	return m, nil
}

// OpenPublicMedia opens a campaign's media by its public link while a
// campaign sending it keeps the link valid (the SMS provider fetches MMS
// attachments by link).
func (s *Service) OpenPublicMedia(ctx context.Context, token string) (io.ReadCloser, media.Object, string, error) {
	m := new(Media)
	err := s.db.NewSelect().Model(m).Where("public_token = ? AND public_until > ?", token, s.now()).Scan(ctx)
	if err != nil {
		return nil, media.Object{}, "", apperror.NotFoundOr(err, "media")
	}
	if s.media.store == nil {
		return nil, media.Object{}, "", apperror.NotFound("media")
	}
	rc, obj, err := s.media.store.Open(ctx, m.Key)
	if errors.Is(err, media.ErrNotFound) {
		return nil, media.Object{}, "", apperror.NotFound("media")
	}
	return rc, obj, m.Filename, err
}

// publicLink keeps m's public link valid for inbox.PublicMediaTTL from
// now and returns it.
func (f *mediaFiles) publicLink(ctx context.Context, publicURL string, m *Media) (string, error) {
	if _, err := f.db.NewUpdate().Model((*Media)(nil)).Set("public_until = now() + ?::interval", inbox.PublicMediaTTL.String()).
		Where("id = ?", m.ID).Exec(ctx); err != nil {
		return "", fmt.Errorf("campaigns: media link: %w", err)
	}
	return publicURL + "/media/" + m.PublicToken, nil
}

// providerID gives m's media id at the provider for sending from sender,
// uploading the file the first time (and again when the upload is old).
func (f *mediaFiles) providerID(ctx context.Context, ib *inbox.Service, ch *inbox.Channel, snd *inbox.Sender, m *Media) (string, error) {
	key := strconv.FormatInt(snd.ID, 10)
	if pm, ok := m.ProviderIDs[key]; ok && pm.ID != "" && time.Since(pm.At) < providerMediaTTL {
		return pm.ID, nil
	}
	if f.store == nil {
		return "", errors.New("campaigns: no media store configured")
	}
	rc, _, err := f.store.Open(ctx, m.Key)
	if errors.Is(err, media.ErrNotFound) {
		return "", fmt.Errorf("%w: the header media file is no longer stored", errContent)
	}
	if err != nil {
		return "", fmt.Errorf("campaigns: open media: %w", err)
	}
	defer rc.Close()
	id, err := ib.UploadBulkMedia(ctx, ch, snd, m.Filename, m.MIME, rc)
	if err != nil {
		return "", err
	}
	pm := providerMedia{ID: id, At: time.Now()}
	cached, _ := json.Marshal(pm)
	if _, err := f.db.NewUpdate().Model((*Media)(nil)).
		Set("provider_ids = provider_ids || jsonb_build_object(?::text, ?::jsonb)", key, string(cached)).
		Where("id = ?", m.ID).Exec(ctx); err != nil {
		return "", fmt.Errorf("campaigns: keep provider media id: %w", err)
	}
	if m.ProviderIDs == nil {
		m.ProviderIDs = map[string]providerMedia{}
	}
	m.ProviderIDs[key] = pm
	return id, nil
}
