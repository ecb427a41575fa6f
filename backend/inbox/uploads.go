package inbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"switchboard/backend/apperror"
	"switchboard/backend/media"
)

// mediaRule is what a channel accepts for one kind of attachment.
type mediaRule struct {
	kind     string
	types    []string
	maxBytes int64
}

const mib = 1 << 20

// whatsappRules follow the WhatsApp Cloud API's media limits.
var whatsappRules = []mediaRule{
	{"image", []string{"image/jpeg", "image/png"}, 5 * mib},
	{"sticker", []string{"image/webp"}, 500 << 10},
	{"video", []string{"video/mp4", "video/3gpp"}, 16 * mib},
	{"audio", []string{"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}, 16 * mib},
	{"document", []string{"application/pdf", "text/plain", "text/csv", "application/msword",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"}, 100 * mib},
}

// smsRules follow the MMS limits: 5 MB for common images, 500 KB otherwise.
var smsRules = []mediaRule{
	{"image", []string{"image/jpeg", "image/png", "image/gif"}, 5 * mib},
	{"video", []string{"video/mp4", "video/3gpp"}, 500 << 10},
	{"audio", []string{"audio/mpeg", "audio/mp4", "audio/ogg", "audio/amr"}, 500 << 10},
	{"document", []string{"application/pdf", "text/vcard", "text/plain"}, 500 << 10},
}

func rulesFor(kind string) []mediaRule {
	if kind == KindSMS {
		return smsRules
	}
	return whatsappRules
}

func findRule(kind, mimeType string) (mediaRule, bool) {
	for _, r := range rulesFor(kind) {
		for _, t := range r.types {
			if t == mimeType {
				return r, true
			}
		}
	}
	return mediaRule{}, false
}

func acceptedTypes(kind string) string {
	var all []string
	for _, r := range rulesFor(kind) {
		all = append(all, r.types...)
	}
	return strings.Join(all, ", ")
}

func unsupportedMedia(channelKind, mimeType string) error {
	return &apperror.Error{Kind: apperror.ErrValidation, Code: "unsupported_media",
		Message: fmt.Sprintf("this channel cannot send %q files; accepted: %s", mimeType, acceptedTypes(channelKind)),
		Fields:  map[string]string{"file": "type not accepted by this channel"}}
}

func tooLargeMedia(rule mediaRule) error {
	return &apperror.Error{Kind: apperror.ErrValidation, Code: "media_too_large",
		Message: fmt.Sprintf("%s files may be at most %d KB on this channel", rule.kind, rule.maxBytes>>10),
		Fields:  map[string]string{"file": "too large"}}
}

// CheckMedia checks a file against what a channel kind accepts and
// reports the kind of attachment it is (image, video, audio, document or
// sticker). The errors are the ones an agent's upload gets.
func CheckMedia(channelKind, mimeType string, size int64) (string, error) {
	rule, ok := findRule(channelKind, mimeType)
	if !ok {
		return "", unsupportedMedia(channelKind, mimeType)
	}
	if size > rule.maxBytes {
		return rule.kind, tooLargeMedia(rule)
	}
	return rule.kind, nil
}

// MaxMediaSize is the largest file of mimeType a channel kind accepts (0
// when it accepts none).
func MaxMediaSize(channelKind, mimeType string) int64 {
	rule, _ := findRule(channelKind, mimeType)
	return rule.maxBytes
}

func randomName() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// MediaKey is where an attachment of an account is stored: under the
// account's prefix, in dir, with a random name keeping the extension.
func MediaKey(accountID int64, dir, filename string) string {
	ext := strings.ToLower(path.Ext(filename))
	if len(ext) > 10 || strings.ContainsAny(ext, "/\\ ") {
		ext = ""
	}
	return fmt.Sprintf("acct-%d/%s/%s%s", accountID, dir, randomName(), ext)
}

// StoreUpload checks an agent's attachment against the conversation's
// channel limits and stores it; the result goes into OutgoingInput.Media.
func (s *Service) StoreUpload(ctx context.Context, viewer Viewer, convID int64, filename, mimeType string, size int64, r io.Reader) (*Media, error) {
	conv, err := s.GetConversation(ctx, viewer, convID)
	if err != nil {
		return nil, err
	}
	if mt, _, err := mime.ParseMediaType(mimeType); err == nil {
		mimeType = mt
	}
	rule, ok := findRule(conv.ChannelKind, mimeType)
	if !ok {
		return nil, unsupportedMedia(conv.ChannelKind, mimeType)
	}
	tooLarge := tooLargeMedia(rule)
	if size > rule.maxBytes {
		return nil, tooLarge
	}
	name := path.Base(strings.ReplaceAll(filename, "\\", "/"))
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	key := MediaKey(viewer.AccountID, "out", name)
	if err := s.store.Put(ctx, key, media.LimitReader(r, rule.maxBytes), size, mimeType); err != nil {
		if errors.Is(err, media.ErrTooLarge) {
			return nil, tooLarge
		}
		return nil, fmt.Errorf("inbox: store upload: %w", err)
	}
	obj, err := s.store.Stat(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("inbox: stat upload: %w", err)
	}
	return &Media{Key: key, MIME: mimeType, Size: obj.Size, Filename: name, State: "ready"}, nil
}

// OpenMedia opens a message's attachment for a viewer allowed to see it.
func (s *Service) OpenMedia(ctx context.Context, viewer Viewer, messageID int64) (io.ReadCloser, media.Object, *Media, error) {
	var msg Message
	if err := s.db.NewSelect().Model(&msg).Where("id = ? AND account_id = ?", messageID, viewer.AccountID).Scan(ctx); err != nil {
		return nil, media.Object{}, nil, apperror.NotFoundOr(err, "message")
	}
	if _, err := s.GetConversation(ctx, viewer, msg.ConversationID); err != nil {
		return nil, media.Object{}, nil, err
	}
	if msg.Media == nil || msg.Media.Key == "" {
		return nil, media.Object{}, nil, apperror.NotFound("media")
	}
	rc, obj, err := s.store.Open(ctx, msg.Media.Key)
	if err != nil {
		return nil, media.Object{}, nil, fmt.Errorf("inbox: open media: %w", err)
	}
	return rc, obj, msg.Media, nil
}
