package desk_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"switchboard/backend/accounts"
	"switchboard/backend/apperror"
	"switchboard/backend/desk"
	"switchboard/backend/inbox"
	"switchboard/backend/media"
	"switchboard/backend/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.DropTemplate()
	os.Exit(code)
}

// setup returns a desk service on a fresh database and an account id.
func setup(t *testing.T) (*desk.Service, int64) {
	t.Helper()
	db := testdb.New(t)
	store, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	acct, err := accounts.NewService(db.Bun).CreateAccount(context.Background(), "A")
	if err != nil {
		t.Fatal(err)
	}
	in := inbox.NewService(inbox.Config{DB: db.Bun, Media: store})
	return desk.New(desk.Config{DB: db.Bun, Inbox: in, Media: store}), acct.ID
}

func TestCannedSearchTreatsWildcardsLiterally(t *testing.T) {
	t.Parallel()
	s, acct := setup(t)
	ctx := context.Background()
	for _, in := range []desk.CannedInput{
		{Shortcode: "discount", Text: "You get 50% off."},
		{Shortcode: "my_code", Text: "Your code is ABC."},
		{Shortcode: "mycode", Text: "Your code."},
	} {
		if _, err := s.CreateCanned(ctx, acct, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ q, want string }{
		{"50%", "discount"},
		{"%", "discount"},
		{"my_", "my_code"},
		{"MY", "my_code,mycode"},
		{"/myc", "mycode"},
		{"  ", "discount,my_code,mycode"},
	} {
		list, err := s.ListCanned(ctx, acct, desk.CannedFilter{Query: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Shortcode)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("q=%q: %v, want %s", tc.q, got, tc.want)
		}
	}
}

func TestCannedAndLabelValidationReportsEveryField(t *testing.T) {
	t.Parallel()
	s, acct := setup(t)
	ctx := context.Background()
	_, err := s.CreateCanned(ctx, acct, 0, desk.CannedInput{Shortcode: "ä", Text: ""})
	var ae *apperror.Error
	if !errors.As(err, &ae) || !errors.Is(err, apperror.ErrValidation) || ae.Fields["shortcode"] == "" || ae.Fields["text"] == "" {
		t.Errorf("canned: %v", err)
	}
	_, err = s.CreateLabel(ctx, acct, desk.LabelInput{Name: "", Color: "blue"})
	if !errors.As(err, &ae) || ae.Fields["name"] == "" || ae.Fields["color"] == "" {
		t.Errorf("label: %v", err)
	}
	if _, err := s.CreateLabel(ctx, acct, desk.LabelInput{Name: "Spam"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateLabel(ctx, acct, desk.LabelInput{Name: "SPAM"})
	if !errors.Is(err, apperror.ErrConflict) || !errors.As(err, &ae) || ae.Fields["name"] == "" {
		t.Errorf("duplicate label: %v", err)
	}
}
