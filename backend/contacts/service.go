// Package contacts is the phone book: contacts with their numbers, status,
// blocking, labels and custom attributes, used by the inbox, import and
// export.
package contacts

import (
	"log/slog"
	"time"

	"github.com/uptrace/bun"
)

// Service reads and writes contacts of one database.
type Service struct {
	db  *bun.DB
	log *slog.Logger
	now func() time.Time
}

// NewService builds the contacts service; logger may be nil.
func NewService(db *bun.DB, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: db, log: logger, now: time.Now}
}
