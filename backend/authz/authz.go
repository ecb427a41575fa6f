// Package authz decides, with casbin, what a role may do in an account.
//
// The model is RBAC with the account as domain. Role permissions live in the
// embedded policy.csv; a user's role in an account comes from the membership
// (or API token) row, read on every request, so role changes and
// deactivation take effect at once.
package authz

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
	"github.com/casbin/casbin/v2/util"
)

// Roles, in the order the UI lists them.
const (
	RoleAdmin           = "admin"
	RoleSupervisor      = "supervisor"
	RoleAgent           = "agent"
	RoleCampaignManager = "campaign_manager"
)

// Roles lists every role.
var Roles = []string{RoleAdmin, RoleSupervisor, RoleAgent, RoleCampaignManager}

// ValidRole reports whether r names a role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

//go:embed model.conf
var modelText string

//go:embed policy.csv
var policyText string

// Enforcer answers permission questions.
type Enforcer struct {
	e *casbin.Enforcer
}

// New builds the enforcer from the embedded model and policy.
func New() (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authz: model: %w", err)
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(stripComments(policyText)))
	if err != nil {
		return nil, fmt.Errorf("authz: policy: %w", err)
	}
	// Role inheritance declared for domain "*" holds in every account.
	e.AddNamedDomainMatchingFunc("g", "KeyMatch", util.KeyMatch)
	return &Enforcer{e: e}, nil
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// Allowed reports whether role may perform perm ("object:action") in account.
func (z *Enforcer) Allowed(role string, accountID int64, perm string) bool {
	obj, act, ok := strings.Cut(perm, ":")
	if !ok {
		return false
	}
	allowed, err := z.e.Enforce(role, strconv.FormatInt(accountID, 10), obj, act)
	return err == nil && allowed
}

// Permissions lists every permission of role in account, sorted; the UI uses
// it to show only what the user may do.
func (z *Enforcer) Permissions(role string, accountID int64) []string {
	seen := map[string]bool{}
	policy, _ := z.e.GetPolicy()
	for _, p := range policy {
		perm := p[2] + ":" + p[3]
		if !seen[perm] && z.Allowed(role, accountID, perm) {
			seen[perm] = true
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
