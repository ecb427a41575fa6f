package whatsapp_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"switchboard/backend/channels"
	"switchboard/backend/channels/whatsapp"
)

// documentedNext is page 1's paging.next in the fixture.
const documentedNext = "https://graph.facebook.com/v23.0/102290129340398/message_templates?after=QVFIU..."

func TestListTemplatesFollowsPaging(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// rewriteNext points page 1's next link back at the test server;
		// otherwise it still names graph.facebook.com.
		rewriteNext bool
		wantPage2   string // path and query of the second request
	}{
		{"next link on the same host is followed", true, "/v23.0/102290129340398/message_templates?after=QVFIU..."},
		{"next link elsewhere continues by cursor", false, testVersionPath + "/102290129340398/message_templates?after=QVFIU...&limit=100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int32
			var base string
			srv, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				checkBearer(t, r)
				switch requests.Add(1) {
				case 1:
					if r.URL.RequestURI() != testVersionPath+"/"+testWABAID+"/message_templates?limit=100" {
						t.Errorf("page 1 request %s", r.URL.RequestURI())
					}
					page := fixture(t, "wa_message_templates_list_response.json")
					if tt.rewriteNext {
						page = bytes.Replace(page, []byte("https://graph.facebook.com"), []byte(base), 1)
					}
					reply(w, http.StatusOK, page)
				case 2:
					if r.URL.RequestURI() != tt.wantPage2 {
						t.Errorf("page 2 request %s, want %s", r.URL.RequestURI(), tt.wantPage2)
					}
					reply(w, http.StatusOK, fixture(t, "wa_message_templates_list_page2.json"))
				default:
					t.Errorf("unexpected request %s", r.URL)
				}
			})
			base = srv.URL
			templates, err := client.ListTemplates(context.Background(), creds)
			if err != nil {
				t.Fatalf("ListTemplates: %v", err)
			}
			var names []string
			for _, tpl := range templates {
				names = append(names, tpl.Name)
			}
			if got := strings.Join(names, ","); got != "reservation_confirmation,coupon_expiration_reminder_number_vars,order_update" {
				t.Fatalf("templates %s", got)
			}
			first := templates[0]
			if first.ID != "1387372356726668" || first.ParameterFormat != "NAMED" || first.Language != "en_US" ||
				first.Status != "APPROVED" || first.Category != "UTILITY" || len(first.Components) != 4 {
				t.Fatalf("first template = %+v", first)
			}
			header, buttons := first.Components[0], first.Components[3]
			if header.Type != "HEADER" || header.Format != "IMAGE" || len(header.Example) == 0 {
				t.Errorf("header = %+v", header)
			}
			wantButton := whatsapp.TemplateButton{Type: "PHONE_NUMBER", Text: "Call us", PhoneNumber: "+16467043595"}
			if len(buttons.Buttons) != 3 || buttons.Buttons[1] != wantButton {
				t.Errorf("buttons = %+v", buttons.Buttons)
			}
			if templates[1].SubCategory != "CUSTOM" || templates[1].ParameterFormat != "POSITIONAL" {
				t.Errorf("second template = %+v", templates[1])
			}
		})
	}
}

func TestListTemplatesStopsOnEndlessPaging(t *testing.T) {
	t.Parallel()
	var base string
	srv, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		self := base + r.URL.RequestURI()
		reply(w, http.StatusOK, []byte(`{"data":[],"paging":{"next":"`+self+`"}}`))
	})
	base = srv.URL
	if _, err := client.ListTemplates(context.Background(), creds); err == nil {
		t.Fatal("ListTemplates succeeded on a self-referencing next link")
	}
}

func TestListTemplatesRequiresAccountAndToken(t *testing.T) {
	t.Parallel()
	client := whatsapp.NewClient(whatsapp.Config{})
	for _, creds := range []channels.Credentials{
		{AccessToken: testToken},
		{WABAID: testWABAID},
	} {
		if _, err := client.ListTemplates(context.Background(), creds); !errors.Is(err, channels.ErrMissingCredentials) {
			t.Errorf("creds %+v: err = %v", creds, err)
		}
	}
}

func TestListTemplatesReportsProviderError(t *testing.T) {
	t.Parallel()
	_, client, creds := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusBadRequest, fixture(t, "wa_error_response_190.json"))
	})
	_, err := client.ListTemplates(context.Background(), creds)
	if se, ok := channels.AsSendError(err); !ok || se.Code != "190" {
		t.Fatalf("err = %v", err)
	}
}
