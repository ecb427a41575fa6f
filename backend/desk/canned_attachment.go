package desk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"switchboard/backend/apperror"
	"switchboard/backend/media"
)

// MaxAttachment bounds a canned response's file. It is checked again
// against the channel's own limits when an agent sends it.
const MaxAttachment = 16 << 20

// attachmentTypes are the files some channel can send.
var attachmentTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
	"video/mp4": true, "video/3gpp": true,
	"audio/aac": true, "audio/amr": true, "audio/mpeg": true, "audio/mp4": true, "audio/ogg": true,
	"application/pdf": true, "text/plain": true, "text/csv": true, "text/vcard": true,
	"application/msword": true, "application/vnd.ms-excel": true, "application/vnd.ms-powerpoint": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true,
	"application/zip": true,
}

var errAttachmentTooLarge = &apperror.Error{Kind: apperror.ErrValidation, Code: "media_too_large",
	Message: fmt.Sprintf("a canned response's file may be at most %d MB", MaxAttachment>>20),
	Fields:  map[string]string{"file": "too large"}}

// SetAttachment stores a file for the canned response, replacing the one it
// had.
func (s *Service) SetAttachment(ctx context.Context, accountID, id int64, filename, mimeType string, size int64, r io.Reader) (*CannedResponse, error) {
	if _, err := s.GetCanned(ctx, accountID, id); err != nil {
		return nil, err
	}
	if mt, _, err := mime.ParseMediaType(mimeType); err == nil {
		mimeType = mt
	}
	if !attachmentTypes[mimeType] {
		return nil, &apperror.Error{Kind: apperror.ErrValidation, Code: "unsupported_media",
			Message: fmt.Sprintf("%q files cannot be sent on any channel", mimeType),
			Fields:  map[string]string{"file": "type not accepted"}}
	}
	if size > MaxAttachment {
		return nil, errAttachmentTooLarge
	}
	name := path.Base(strings.ReplaceAll(filename, "\\", "/"))
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	key := attachmentKey(accountID, name)
	if err := s.store.Put(ctx, key, media.LimitReader(r, MaxAttachment), size, mimeType); err != nil {
		if errors.Is(err, media.ErrTooLarge) {
			return nil, errAttachmentTooLarge
		}
		return nil, fmt.Errorf("desk: store attachment: %w", err)
	}
	obj, err := s.store.Stat(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("desk: stat attachment: %w", err)
	}
	att := &storedAttachment{Key: key, MIME: mimeType, Size: obj.Size, Filename: name}
	old, err := s.swapAttachment(ctx, accountID, id, att)
	if err != nil {
		s.deleteObject(ctx, key)
		return nil, err
	}
	if old != nil {
		s.deleteObject(ctx, old.Key)
	}
	return s.GetCanned(ctx, accountID, id)
}

// RemoveAttachment takes the file off the canned response.
func (s *Service) RemoveAttachment(ctx context.Context, accountID, id int64) (*CannedResponse, error) {
	old, err := s.swapAttachment(ctx, accountID, id, nil)
	if err != nil {
		return nil, err
	}
	if old != nil {
		s.deleteObject(ctx, old.Key)
	}
	return s.GetCanned(ctx, accountID, id)
}

// swapAttachment sets att and returns the attachment it replaced.
func (s *Service) swapAttachment(ctx context.Context, accountID, id int64, att *storedAttachment) (*storedAttachment, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	cur, err := s.getCanned(ctx, tx, accountID, id, true)
	if err != nil {
		return nil, err
	}
	var value any // NULL removes the attachment
	if att != nil {
		b, err := json.Marshal(att)
		if err != nil {
			return nil, err
		}
		value = string(b)
	}
	_, err = tx.NewUpdate().Model((*CannedResponse)(nil)).Where("id = ?", id).
		Set("attachment = ?::jsonb", value).Set("updated_at = now()").Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("desk: set attachment: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("desk: set attachment: %w", err)
	}
	return cur.Stored, nil
}

// OpenAttachment opens the canned response's file.
func (s *Service) OpenAttachment(ctx context.Context, accountID, id int64) (io.ReadCloser, *Attachment, error) {
	c, err := s.GetCanned(ctx, accountID, id)
	if err != nil {
		return nil, nil, err
	}
	if c.Attachment == nil {
		return nil, nil, apperror.NotFound("attachment")
	}
	rc, _, err := s.store.Open(ctx, c.Attachment.Key)
	if errors.Is(err, media.ErrNotFound) {
		return nil, nil, apperror.NotFound("attachment")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("desk: open attachment: %w", err)
	}
	return rc, c.Attachment, nil
}

// deleteObject removes a file that nothing refers to any more. A failure
// only leaves an orphan in the store, so it is logged, not returned.
func (s *Service) deleteObject(ctx context.Context, key string) {
	if err := s.store.Delete(context.WithoutCancel(ctx), key); err != nil {
		s.log.WarnContext(ctx, "desk: unable to delete attachment", "key", key, "err", err)
	}
}

func attachmentKey(accountID int64, filename string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	ext := strings.ToLower(path.Ext(filename))
	if len(ext) > 10 || strings.ContainsAny(ext, "/\\ ") {
		ext = ""
	}
	return fmt.Sprintf("acct-%d/canned/%s%s", accountID, hex.EncodeToString(b), ext)
}
