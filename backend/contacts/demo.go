package contacts

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// demoContacts are the demo account's phone book (numbers from the
// Austrian mobile range reserved for drama, names with umlauts on purpose).
var demoContacts = []struct {
	first, last, sms, whatsapp, city, tier string
	inactive                               bool
}{
	{"Jürgen", "Müller", "+436601000001", "+436601000001", "Wien", "Gold", false},
	{"Käthe", "Schönberger", "+436601000002", "", "Graz", "Silber", false},
	{"Özlem", "Yılmaz", "", "+436601000003", "Linz", "", false},
	{"Björn", "Größl", "+436601000004", "", "Innsbruck", "Bronze", true},
	{"Ännie", "Fuß", "+436601000005", "+436601000005", "Salzburg", "Gold", false},
}

// EnsureDemo gives the demo account two custom attributes (city, tier) and
// a few contacts; what exists is left as it is.
func (s *Service) EnsureDemo(ctx context.Context, accountID int64) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		defs := []AttributeDef{
			{AccountID: accountID, Key: "city", Label: "Stadt", Type: TypeText, Options: []string{}, Position: 0},
			{AccountID: accountID, Key: "tier", Label: "Kundenstufe", Type: TypeChoice, Options: []string{"Gold", "Silber", "Bronze"}, Position: 1},
		}
		if _, err := tx.NewInsert().Model(&defs).On("CONFLICT (account_id, key) DO NOTHING").Exec(ctx); err != nil {
			return fmt.Errorf("contacts: demo attributes: %w", err)
		}
		for _, d := range demoContacts {
			c := &Contact{AccountID: accountID, FirstName: d.first, LastName: d.last, Status: StatusActive,
				Attributes: map[string]any{"city": d.city}}
			if d.tier != "" {
				c.Attributes["tier"] = d.tier
			}
			if d.inactive {
				c.Status = StatusInactive
			}
			if d.sms != "" {
				c.SMSNumber = &d.sms
			}
			if d.whatsapp != "" {
				c.WhatsAppNumber = &d.whatsapp
			}
			if _, err := tx.NewInsert().Model(c).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
				return fmt.Errorf("contacts: demo contact: %w", err)
			}
		}
		return nil
	})
}
