package consent

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"switchboard/backend/apperror"
)

// Replies are the answers to keyword messages in one language. {{group}}
// and {{keyword}} are filled in.
type Replies struct {
	Stopped string `json:"stopped"`
	Started string `json:"started"`
	Joined  string `json:"joined"`
	Left    string `json:"left"`
	Unknown string `json:"unknown"`
}

// DefaultReplies are the answers of an account that has not written its own.
var DefaultReplies = map[string]Replies{
	"de": {
		Stopped: "Sie erhalten von uns keine Nachrichten mehr. Mit START melden Sie sich wieder an.",
		Started: "Willkommen zurück! Sie erhalten wieder Nachrichten von uns. Mit STOP melden Sie sich ab.",
		Joined:  "Sie sind jetzt bei {{group}} angemeldet. Mit STOP {{keyword}} melden Sie sich ab.",
		Left:    "Sie sind von {{group}} abgemeldet.",
		Unknown: "Das Stichwort {{keyword}} kennen wir nicht.",
	},
	"en": {
		Stopped: "You will no longer receive messages from us. Reply START to subscribe again.",
		Started: "Welcome back! You will receive our messages again. Reply STOP to unsubscribe.",
		Joined:  "You have joined {{group}}. Reply STOP {{keyword}} to leave.",
		Left:    "You have left {{group}}.",
		Unknown: "We do not know the keyword {{keyword}}.",
	},
}

// Settings are an account's consent settings.
type Settings struct {
	// InboundIsOptIn: a first WhatsApp message from a number grants consent.
	InboundIsOptIn bool               `json:"inbound_is_opt_in"`
	Language       string             `json:"language"`
	StopWords      []string           `json:"stop_words"`
	StartWords     []string           `json:"start_words"`
	Replies        map[string]Replies `json:"replies"`
}

// Words returns the stop and start words in force.
func (st *Settings) Words() Words { return Words{Stop: st.StopWords, Start: st.StartWords} }

// Reply returns the answer of kind ("stopped", "joined", …) in the
// account's language with group and keyword filled in.
func (st *Settings) Reply(kind, group, keyword string) string {
	r := st.Replies[st.Language]
	var text string
	switch kind {
	case "stopped":
		text = r.Stopped
	case "started":
		text = r.Started
	case "joined":
		text = r.Joined
	case "left":
		text = r.Left
	default:
		text = r.Unknown
	}
	return strings.NewReplacer("{{group}}", group, "{{keyword}}", keyword).Replace(text)
}

type settingsRow struct {
	InboundIsOptIn bool            `bun:"inbound_is_opt_in"`
	Language       string          `bun:"language"`
	StopWords      json.RawMessage `bun:"stop_words,type:jsonb"`
	StartWords     json.RawMessage `bun:"start_words,type:jsonb"`
	Replies        json.RawMessage `bun:"keyword_replies,type:jsonb"`
}

// settingsTTL is how long an instance uses settings read earlier; a change
// made on another instance applies after at most this long.
const settingsTTL = 5 * time.Second

type cachedSettings struct {
	st *Settings
	at time.Time
}

// Settings returns an account's consent settings, defaults filled in. The
// result is shared: callers must not change it.
func (s *Service) Settings(ctx context.Context, db bun.IDB, accountID int64) (*Settings, error) {
	if v, ok := s.settings.Load(accountID); ok {
		if c := v.(cachedSettings); s.now().Sub(c.at) < settingsTTL {
			return c.st, nil
		}
	}
	st, err := s.readSettings(ctx, db, accountID)
	if err != nil {
		return nil, err
	}
	s.settings.Store(accountID, cachedSettings{st: st, at: s.now()})
	return st, nil
}

func (s *Service) readSettings(ctx context.Context, db bun.IDB, accountID int64) (*Settings, error) {
	var row settingsRow
	err := db.NewSelect().TableExpr("accounts").
		Column("inbound_is_opt_in", "language", "stop_words", "start_words", "keyword_replies").
		Where("id = ?", accountID).Scan(ctx, &row)
	if err != nil {
		return nil, fmt.Errorf("consent: settings: %w", apperror.NotFoundOr(err, "account"))
	}
	st := &Settings{InboundIsOptIn: row.InboundIsOptIn, Language: row.Language}
	_ = json.Unmarshal(row.StopWords, &st.StopWords)
	_ = json.Unmarshal(row.StartWords, &st.StartWords)
	_ = json.Unmarshal(row.Replies, &st.Replies)
	if len(st.StopWords) == 0 {
		st.StopWords = DefaultStopWords
	}
	if len(st.StartWords) == 0 {
		st.StartWords = DefaultStartWords
	}
	if st.Replies == nil {
		st.Replies = map[string]Replies{}
	}
	for lang, def := range DefaultReplies {
		r := st.Replies[lang]
		fill := func(v *string, d string) {
			if strings.TrimSpace(*v) == "" {
				*v = d
			}
		}
		fill(&r.Stopped, def.Stopped)
		fill(&r.Started, def.Started)
		fill(&r.Joined, def.Joined)
		fill(&r.Left, def.Left)
		fill(&r.Unknown, def.Unknown)
		st.Replies[lang] = r
	}
	return st, nil
}

// SettingsUpdate changes consent settings; nil fields stay.
type SettingsUpdate struct {
	InboundIsOptIn *bool              `json:"inbound_is_opt_in"`
	Language       *string            `json:"language"`
	StopWords      []string           `json:"stop_words"`
	StartWords     []string           `json:"start_words"`
	Replies        map[string]Replies `json:"replies"`
}

func cleanWords(v *apperror.Validation, field string, words []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.TrimSpace(w)
		f := Fold(w)
		if f == "" || seen[f] {
			continue
		}
		v.Check(len([]rune(w)) <= 30 && !strings.ContainsAny(w, " \t\n"), field, "each word must be one word of at most 30 characters")
		seen[f] = true
		out = append(out, strings.ToUpper(w))
	}
	v.Check(len(out) > 0 && len(out) <= 50, field, "name 1 to 50 words")
	return out
}

// UpdateSettings validates and stores consent settings.
func (s *Service) UpdateSettings(ctx context.Context, accountID int64, in SettingsUpdate) (*Settings, error) {
	st, err := s.readSettings(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	var v apperror.Validation
	if in.InboundIsOptIn != nil {
		st.InboundIsOptIn = *in.InboundIsOptIn
	}
	if in.Language != nil {
		v.Check(*in.Language == "de" || *in.Language == "en", "language", "must be de or en")
		st.Language = *in.Language
	}
	if in.StopWords != nil {
		st.StopWords = cleanWords(&v, "stop_words", in.StopWords)
	}
	if in.StartWords != nil {
		st.StartWords = cleanWords(&v, "start_words", in.StartWords)
	}
	for _, w := range st.StartWords {
		if _, clash := match(Fold(w), st.StopWords); clash {
			v.Check(false, "start_words", "a word cannot be both a stop and a start word")
		}
	}
	for lang, r := range in.Replies {
		v.Check(lang == "de" || lang == "en", "replies", "languages are de and en")
		for _, text := range []string{r.Stopped, r.Started, r.Joined, r.Left, r.Unknown} {
			v.Check(len([]rune(text)) <= 1000, "replies", "each reply must be at most 1000 characters")
		}
		st.Replies[lang] = r
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	stop, _ := json.Marshal(st.StopWords)
	start, _ := json.Marshal(st.StartWords)
	replies, _ := json.Marshal(st.Replies)
	_, err = s.db.NewUpdate().TableExpr("accounts").Set("inbound_is_opt_in = ?", st.InboundIsOptIn).
		Set("language = ?", st.Language).Set("stop_words = ?", string(stop)).Set("start_words = ?", string(start)).
		Set("keyword_replies = ?", string(replies)).Where("id = ?", accountID).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("consent: update settings: %w", err)
	}
	s.settings.Delete(accountID)
	return s.Settings(ctx, s.db, accountID)
}
