package templates

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"switchboard/backend/apperror"
	"switchboard/backend/database"
	"switchboard/backend/inbox"
	"switchboard/backend/phone"
	"switchboard/backend/placeholders"
)

// SMSTemplateView is an SMS template with the placeholders it uses.
type SMSTemplateView struct {
	*SMSTemplate
	Placeholders []string `json:"placeholders"`
}

func smsView(t *SMSTemplate) SMSTemplateView {
	names := placeholders.Names(t.Body)
	if names == nil {
		names = []string{}
	}
	return SMSTemplateView{SMSTemplate: t, Placeholders: names}
}

// SMSTemplateInput creates an SMS template or, with nil fields left as
// they are, changes one.
type SMSTemplateInput struct {
	Name *string `json:"name"`
	Body *string `json:"body"`
}

func validateSMS(v *apperror.Validation, t *SMSTemplate) {
	t.Name = strings.TrimSpace(t.Name)
	v.Check(t.Name != "", "name", "is required")
	v.Check(utf8.RuneCountInString(t.Name) <= 120, "name", "must be at most 120 characters")
	v.Check(strings.TrimSpace(t.Body) != "", "body", "is required")
	v.Check(utf8.RuneCountInString(t.Body) <= inbox.MaxSMSLength, "body",
		fmt.Sprintf("must be at most %d characters", inbox.MaxSMSLength))
}

func mapSMSConflict(err error) error {
	if database.UniqueViolation(err) == "sms_templates_name_key" {
		return apperror.Conflict("name", "an SMS template with this name exists already")
	}
	return err
}

// ListSMS returns the account's SMS templates by name.
func (s *Service) ListSMS(ctx context.Context, accountID int64) ([]SMSTemplateView, error) {
	var rows []SMSTemplate
	if err := s.db.NewSelect().Model(&rows).Where("account_id = ?", accountID).OrderExpr("lower(name), id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("templates: list sms: %w", err)
	}
	out := make([]SMSTemplateView, 0, len(rows))
	for i := range rows {
		out = append(out, smsView(&rows[i]))
	}
	return out, nil
}

func (s *Service) getSMS(ctx context.Context, accountID, id int64) (*SMSTemplate, error) {
	t := new(SMSTemplate)
	err := s.db.NewSelect().Model(t).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperror.NotFound("SMS template")
	}
	if err != nil {
		return nil, fmt.Errorf("templates: get sms: %w", err)
	}
	return t, nil
}

// CreateSMS adds an SMS template.
func (s *Service) CreateSMS(ctx context.Context, accountID int64, in SMSTemplateInput) (SMSTemplateView, error) {
	t := &SMSTemplate{AccountID: accountID}
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.Body != nil {
		t.Body = *in.Body
	}
	var v apperror.Validation
	validateSMS(&v, t)
	if err := v.Err(); err != nil {
		return SMSTemplateView{}, err
	}
	if _, err := s.db.NewInsert().Model(t).Returning("*").Exec(ctx); err != nil {
		return SMSTemplateView{}, fmt.Errorf("templates: create sms: %w", mapSMSConflict(err))
	}
	return smsView(t), nil
}

// UpdateSMS renames an SMS template or changes its text.
func (s *Service) UpdateSMS(ctx context.Context, accountID, id int64, in SMSTemplateInput) (SMSTemplateView, error) {
	t, err := s.getSMS(ctx, accountID, id)
	if err != nil {
		return SMSTemplateView{}, err
	}
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.Body != nil {
		t.Body = *in.Body
	}
	var v apperror.Validation
	validateSMS(&v, t)
	if err := v.Err(); err != nil {
		return SMSTemplateView{}, err
	}
	_, err = s.db.NewUpdate().Model(t).Column("name", "body").Set("updated_at = now()").WherePK().Returning("*").Exec(ctx)
	if err != nil {
		return SMSTemplateView{}, fmt.Errorf("templates: update sms: %w", mapSMSConflict(err))
	}
	return smsView(t), nil
}

// DeleteSMS removes an SMS template.
func (s *Service) DeleteSMS(ctx context.Context, accountID, id int64) error {
	res, err := s.db.NewDelete().Model((*SMSTemplate)(nil)).Where("id = ? AND account_id = ?", id, accountID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("templates: delete sms: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperror.NotFound("SMS template")
	}
	return nil
}

// Rendered is an SMS template filled for a contact. Missing lists the
// placeholders that had no value (they are left empty in Text).
type Rendered struct {
	Text    string   `json:"text"`
	Missing []string `json:"missing"`
}

// RenderSMS fills an SMS template from a conversation's contact, for the
// composer to insert.
func (s *Service) RenderSMS(ctx context.Context, viewer inbox.Viewer, convID, templateID int64) (Rendered, error) {
	conv, err := s.inbox.GetConversation(ctx, viewer, convID)
	if err != nil {
		return Rendered{}, err
	}
	t, err := s.getSMS(ctx, viewer.AccountID, templateID)
	if err != nil {
		return Rendered{}, err
	}
	var c inbox.Contact
	if err := s.db.NewSelect().Model(&c).Where("id = ? AND account_id = ?", conv.ContactID, viewer.AccountID).Scan(ctx); err != nil {
		return Rendered{}, fmt.Errorf("templates: render: %w", err)
	}
	text, missing := placeholders.Fill(t.Body, placeholders.Values(c.Placeholders()))
	return Rendered{Text: text, Missing: missing}, nil
}

// smsFirstMessage is the text a new SMS conversation starts with: an SMS
// template filled for the contact (who may not exist yet), or a text.
func (s *Service) smsFirstMessage(ctx context.Context, accountID int64, in StartInput, p problems) (string, error) {
	switch {
	case in.SMSTemplateID != 0 && in.Body != "":
		p.add("body", "give either an SMS template or a text, not both")
		return "", nil
	case in.SMSTemplateID == 0 && strings.TrimSpace(in.Body) == "":
		p.add("body", "is required: a text or an SMS template")
		return "", nil
	case in.SMSTemplateID == 0:
		return in.Body, nil
	}
	t, err := s.getSMS(ctx, accountID, in.SMSTemplateID)
	if errors.Is(err, apperror.ErrNotFound) {
		p.add("sms_template_id", "is not an SMS template of this account")
		return "", nil
	}
	if err != nil {
		return "", err
	}
	c, err := s.recipient(ctx, accountID, in, p)
	if err != nil || c == nil {
		return "", err
	}
	text, missing := placeholders.Fill(t.Body, placeholders.Values(c.Placeholders()))
	if len(missing) > 0 {
		p.add("sms_template_id", "has placeholders without a value for this contact: "+strings.Join(missing, ", "))
	}
	return text, nil
}

// recipient is the contact a new SMS conversation is with: the given one,
// the one with that SMS number, or a contact yet to be created.
func (s *Service) recipient(ctx context.Context, accountID int64, in StartInput, p problems) (*inbox.Contact, error) {
	c := new(inbox.Contact)
	if in.ContactID != 0 {
		err := s.db.NewSelect().Model(c).Where("id = ? AND account_id = ?", in.ContactID, accountID).Scan(ctx)
		if errors.Is(err, sql.ErrNoRows) {
			p.add("contact_id", "is not a contact of this account")
			return nil, nil
		}
		return c, err
	}
	number, err := phone.Normalize(in.Number, "")
	if err != nil {
		return nil, nil // reported by the caller
	}
	err = s.db.NewSelect().Model(c).Where("account_id = ? AND sms_number = ?", accountID, number).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return &inbox.Contact{Name: strings.TrimSpace(in.Name), SMSNumber: &number}, nil
	}
	return c, err
}
