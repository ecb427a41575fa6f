// Package realtime delivers events to browsers over websockets, across
// every instance that shares the database.
//
// # Flow
//
// A service changes data and, in the same transaction, calls
// Broker.PublishTx. Durable events (everything but typing and presence) are
// inserted into the events table — their seq is the row id — and every
// event is announced with NOTIFY on the channel switchboard_events. NOTIFY
// is transactional: it is delivered on commit, in commit order, and never
// for a rolled-back transaction. Each instance runs one listener (a
// dedicated connection doing LISTEN) that feeds what it hears into its Hub,
// including its own events; the Hub encodes each event once and queues the
// frame to the connections of the event's account that the Allow policy
// lets see it. Events too large for a NOTIFY payload (~8000 bytes) are
// announced by seq only and read back from the events table.
//
// # Ordering and catch-up
//
// seq is drawn from a sequence when the event is inserted, not when its
// transaction commits, so a client can receive seq 101 before seq 100.
// Live delivery is in commit order; seq is an identity and a replay cursor,
// not a total order. Clients apply events idempotently and ignore a seq
// they already have.
//
// The listener reconnects with back-off when its connection drops and then
// re-reads the events table from the last event drawn CatchUpWindow (30s)
// before it lost the connection, skipping events it already delivered: an
// event committed during the gap either has a seq above what was seen or
// belongs to a transaction that was open at most CatchUpWindow. If the gap
// holds more than CatchUpLimit events, or the re-read fails, the hub sends
// {"type":"resync"} to its clients instead.
//
// A client that reconnects (its own network dropped, or the instance went
// away) catches up in one of two ways:
//
//  1. Refetch: reconnect the websocket first, then reload what it shows
//     through the REST API, then apply live events on top. Always correct.
//  2. Replay: GET SinceHandler?since=<highest seq received>, which starts at
//     Broker.ReplayCursor — the account's last event drawn CatchUpWindow
//     before that seq — so late commits with a lower seq are included;
//     page on with ?after=<next> while "more" is true, skipping seqs
//     already applied. If the gap is long ("more" keeps coming) refetch.
//
// On "resync" the client refetches. Typing and presence are not replayed.
//
// # Storage
//
// The events table has no audience column, so events.data holds
// {"audience":{…},"data":{…}}; see event_store.go.
package realtime
