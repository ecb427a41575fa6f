package inbox

import "github.com/uptrace/bun"

// Viewer is who looks at the inbox: the data filters apply to them.
type Viewer struct {
	AccountID int64
	UserID    int64
	Role      string
}

// restrict limits a conversation query (alias c) to what the viewer may
// see. Every role that reaches the inbox sees the whole account's
// conversations for now; queue-based visibility narrows this for agents.
func (v Viewer) restrict(q *bun.SelectQuery) {}
