package inbox

import "github.com/uptrace/bun"

// Viewer is who looks at the inbox: the data filters apply to them.
type Viewer struct {
	AccountID int64
	UserID    int64
	Role      string
}

// SeesAll reports whether the viewer sees every conversation of the account
// (supervisors, administrators and integrations).
func (v Viewer) SeesAll() bool { return v.Role != "agent" || v.UserID == 0 }

// restrict limits a conversation query (alias c) to what the viewer may
// see: agents see conversations assigned to them and, in queues they belong
// to, the unassigned ones.
func (v Viewer) restrict(q *bun.SelectQuery) {
	if v.SeesAll() {
		return
	}
	q.Where("(c.assignee_id = ? OR (c.assignee_id IS NULL AND c.queue_id IN (SELECT qm.queue_id FROM queue_members qm WHERE qm.user_id = ?)))",
		v.UserID, v.UserID)
}
