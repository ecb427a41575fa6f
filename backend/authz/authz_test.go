package authz

import "testing"

func TestRolesInheritAndStayApart(t *testing.T) {
	t.Parallel()
	z, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		role, perm string
		want       bool
	}{
		{RoleAdmin, "users:write", true},
		{RoleAdmin, "campaigns:write", true},
		{RoleAdmin, "conversations:supervise", true},
		{RoleSupervisor, "conversations:supervise", true},
		{RoleSupervisor, "conversations:write", true},
		{RoleSupervisor, "users:read", false},
		{RoleSupervisor, "campaigns:write", false},
		{RoleAgent, "conversations:write", true},
		{RoleAgent, "conversations:supervise", false},
		{RoleAgent, "contacts:export", false},
		{RoleAgent, "contacts:delete", false},
		{RoleAgent, "users:read", false},
		{RoleCampaignManager, "campaigns:write", true},
		{RoleCampaignManager, "contacts:import", true},
		{RoleCampaignManager, "conversations:read", false},
		// Contacts: everyone reads and edits; agents neither import, export nor delete.
		{RoleAgent, "contacts:read", true},
		{RoleAgent, "contacts:write", true},
		{RoleAgent, "contacts:import", false},
		{RoleSupervisor, "contacts:import", true},
		{RoleSupervisor, "contacts:export", true},
		{RoleSupervisor, "contacts:delete", true},
		{RoleCampaignManager, "contacts:export", true},
		{RoleCampaignManager, "contacts:delete", true},
		{RoleCampaignManager, "contacts:write", true},
		{RoleAdmin, "contacts:import", true},
		{RoleAdmin, "contacts:export", true},
		{RoleAdmin, "contacts:delete", true},
		{RoleAdmin, "settings:write", true},
		{RoleSupervisor, "settings:write", false},
		{"nobody", "profile:read", false},
		{RoleAdmin, "malformed", false},
	}
	for _, c := range cases {
		if got := z.Allowed(c.role, 7, c.perm); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.role, c.perm, got, c.want)
		}
	}
	if perms := z.Permissions(RoleAgent, 7); len(perms) == 0 || perms[0] > perms[len(perms)-1] {
		t.Errorf("Permissions(agent) = %v", perms)
	}
}
