package realtime

// Types of messages a client may send over the websocket.
const (
	ClientTyping  = "typing"  // the user is typing in conversation_id
	ClientViewing = "viewing" // the user has conversation_id open
	ClientPing    = "ping"    // keep-alive from browsers; answered with {"type":"pong"}
)

// ClientMessage is one message from a client, e.g.
// {"type":"typing","conversation_id":42}. Messages of other types, without
// the conversation they need, or not JSON are ignored.
type ClientMessage struct {
	Type           string `json:"type"`
	ConversationID int64  `json:"conversation_id,omitempty"`
}

func (m ClientMessage) valid() bool {
	switch m.Type {
	case ClientPing:
		return true
	case ClientTyping, ClientViewing:
		return m.ConversationID > 0
	}
	return false
}
