package realtime

import (
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"
)

// client is one websocket connection. Its fields after send are owned by the
// hub goroutine.
type client struct {
	hub  *Hub
	sub  *Subscriber
	ws   *websocket.Conn // nil in tests that drive the hub without sockets
	send chan *websocket.PreparedMessage
	pong chan struct{}

	pos        int  // index in hub.accounts[sub.AccountID]
	registered bool // in the hub's index
	closeCode  int  // set before send is closed; read by the writer after
}

var pongFrame = mustPrepare(`{"type":"pong"}`)

func mustPrepare(s string) *websocket.PreparedMessage {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, []byte(s))
	if err != nil {
		panic(err)
	}
	return pm
}

func newClient(h *Hub, sub *Subscriber, ws *websocket.Conn) *client {
	return &client{
		hub:  h,
		sub:  sub,
		ws:   ws,
		send: make(chan *websocket.PreparedMessage, h.opts.SendQueue),
		pong: make(chan struct{}, 1),
	}
}

// kill drops the network connection without a close frame: a client that
// does not read would not receive one in time anyway.
func (c *client) kill() {
	if c.ws != nil {
		_ = c.ws.Close()
	}
}

// writeLoop is the only writer of c.ws (besides the concurrency-safe
// WriteControl). It ends when the hub closes c.send or a write fails.
func (c *client) writeLoop() {
	o := c.hub.opts
	ping := time.NewTicker(o.PingPeriod)
	defer func() {
		ping.Stop()
		_ = c.ws.Close()
	}()
	for {
		select {
		case frame, ok := <-c.send:
			if !ok {
				_ = c.ws.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(c.closeCode, ""), time.Now().Add(o.WriteWait))
				return
			}
			_ = c.ws.SetWriteDeadline(time.Now().Add(o.WriteWait))
			if err := c.ws.WritePreparedMessage(frame); err != nil {
				return
			}
		case <-c.pong:
			_ = c.ws.SetWriteDeadline(time.Now().Add(o.WriteWait))
			if err := c.ws.WritePreparedMessage(pongFrame); err != nil {
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(o.WriteWait)); err != nil {
				return
			}
		}
	}
}

// readLoop reads client messages until the connection fails or goes silent
// for longer than PongWait, then unregisters c.
func (c *client) readLoop() {
	o := c.hub.opts
	defer func() {
		select {
		case c.hub.unregister <- c:
		case <-c.hub.done:
		}
		_ = c.ws.Close()
		if o.OnDisconnect != nil {
			o.OnDisconnect(c.sub)
		}
	}()
	c.ws.SetReadLimit(o.ReadLimit)
	alive := func() { _ = c.ws.SetReadDeadline(time.Now().Add(o.PongWait)) }
	alive()
	c.ws.SetPongHandler(func(string) error { alive(); return nil })
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		alive()
		if typ != websocket.TextMessage {
			continue
		}
		var msg ClientMessage
		if json.Unmarshal(data, &msg) != nil || !msg.valid() {
			continue
		}
		if msg.Type == ClientPing {
			select {
			case c.pong <- struct{}{}:
			default: // a pong is already on its way
			}
		}
		if o.OnClientMessage != nil {
			o.OnClientMessage(c.sub, msg)
		}
	}
}
