package contactimport

import (
	"context"

	"github.com/uptrace/bun"

	"switchboard/backend/consent"
	"switchboard/backend/groups"
)

// consentDetail is what a consent written by the import names: the file,
// and the source the row gives.
func consentDetail(fileName, source string) string {
	if source == "" {
		return fileName
	}
	return fileName + ": " + source
}

// applyConsents writes the consents the rows declare, in one statement,
// naming the importing user and the file. A consent belongs to the number:
// the row's number of that kind, else the one the contact has. Rows
// without a consent column write nothing; a state already recorded adds
// no history entry, so importing a file twice changes nothing.
func (s *Service) applyConsents(ctx context.Context, tx bun.Tx, imp *Import, rows []*row) error {
	var changes []consent.Change
	add := func(number, kind, state, source string) {
		if number == "" || state == "" {
			return
		}
		changes = append(changes, consent.Change{Number: number, ChannelKind: kind, State: state,
			Source: consent.SourceImport, Detail: consentDetail(imp.FileName, source), UserID: imp.UserID})
	}
	for _, r := range rows {
		rec := r.rec
		add(firstOf(rec.whatsapp, r.whatsapp), consent.KindWhatsApp, rec.waConsent, rec.consentSource)
		add(firstOf(rec.sms, r.sms), consent.KindSMS, rec.smsConsent, rec.consentSource)
	}
	if len(changes) == 0 {
		return nil
	}
	_, err := s.consent.ApplyMany(ctx, tx, imp.AccountID, changes)
	return err
}

// joinGroup puts the batch's contacts into the import's group.
func (s *Service) joinGroup(ctx context.Context, tx bun.Tx, imp *Import, g *groups.Group, rows []*row) error {
	if g == nil || len(rows) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.id)
	}
	_, err := s.groups.Join(ctx, tx, g, ids, "", groups.Actor{Source: groups.SourceImport, UserID: imp.UserID})
	return err
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
