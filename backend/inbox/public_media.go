package inbox

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"switchboard/backend/apperror"
	"switchboard/backend/media"
)

// PublicMediaTTL is how long an MMS attachment stays fetchable by link.
const PublicMediaTTL = 24 * time.Hour

// publicMediaLink gives an outbound MMS attachment an unguessable link the
// SMS provider can fetch; the bucket itself stays private.
func (s *Service) publicMediaLink(ctx context.Context, msg *Message) (string, error) {
	if msg.PublicToken == nil {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		tok := base64.RawURLEncoding.EncodeToString(b)
		if _, err := s.db.NewUpdate().Model((*Message)(nil)).Set("public_token = ?", tok).
			Where("id = ? AND public_token IS NULL", msg.ID).Exec(ctx); err != nil {
			return "", fmt.Errorf("inbox: media link: %w", err)
		}
		if err := s.db.NewSelect().Model(msg).Column("public_token").WherePK().Scan(ctx); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s/media/%s", s.publicURL, *msg.PublicToken), nil
}

// OpenPublicMedia opens the attachment behind a public link while it is valid.
func (s *Service) OpenPublicMedia(ctx context.Context, token string) (io.ReadCloser, media.Object, *Media, error) {
	var msg Message
	err := s.db.NewSelect().Model(&msg).Where("public_token = ? AND created_at > ?", token, s.now().Add(-PublicMediaTTL)).Scan(ctx)
	if err != nil {
		return nil, media.Object{}, nil, apperror.NotFoundOr(err, "media")
	}
	if msg.Media == nil || msg.Media.Key == "" {
		return nil, media.Object{}, nil, apperror.NotFound("media")
	}
	rc, obj, err := s.store.Open(ctx, msg.Media.Key)
	if errors.Is(err, media.ErrNotFound) {
		return nil, media.Object{}, nil, apperror.NotFound("media")
	}
	return rc, obj, msg.Media, err
}
