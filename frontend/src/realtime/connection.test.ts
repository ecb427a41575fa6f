import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeConnection, realtimeURL, type ConnectionStatus, type OpenInfo } from './connection';
import { FakeWebSocket } from './fakeSocket';

function connect(options: Partial<ConstructorParameters<typeof RealtimeConnection>[0]> = {}) {
  const connection = new RealtimeConnection({
    url: 'ws://desk.test/api/ws',
    createSocket: (url) => new FakeWebSocket(url) as unknown as WebSocket,
    random: () => 1, // no jitter: delays are exactly 1 s, 2 s, 4 s…
    ...options,
  });
  const statuses: ConnectionStatus[] = [];
  const opens: OpenInfo[] = [];
  connection.onStatus((s) => statuses.push(s));
  connection.onOpen((info) => opens.push(info));
  return { connection, statuses, opens };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('realtime connection', () => {
  it('uses ws: or wss: to match the page', () => {
    expect(realtimeURL({ protocol: 'http:', host: 'desk.test:8080' })).toBe('ws://desk.test:8080/api/ws');
    expect(realtimeURL({ protocol: 'https:', host: 'desk.example' })).toBe('wss://desk.example/api/ws');
  });

  it('delivers events, but not pongs or frames that are not JSON events', () => {
    const { connection } = connect();
    const events: unknown[] = [];
    connection.onEvent((e) => events.push(e));
    connection.start();
    const ws = FakeWebSocket.latest();
    ws.accept();
    ws.push({ type: 'message.created', seq: 7, account_id: 1, data: { id: 1 } });
    ws.push({ type: 'pong' });
    ws.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    ws.push([1, 2]);
    expect(events).toEqual([{ type: 'message.created', seq: 7, account_id: 1, data: { id: 1 } }]);
  });

  it('reconnects with growing pauses and tells listeners it reconnected', () => {
    const { connection, statuses, opens } = connect();
    connection.start();
    FakeWebSocket.latest().accept();
    expect(opens).toEqual([expect.objectContaining({ reconnect: false })]);

    FakeWebSocket.latest().drop();
    expect(connection.status).toBe('reconnecting');
    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    FakeWebSocket.latest().drop(); // refused again: wait longer
    vi.advanceTimersByTime(1999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    FakeWebSocket.latest().accept();
    expect(connection.status).toBe('open');
    expect(opens.map((o) => o.reconnect)).toEqual([false, true]);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('caps the pause between attempts', () => {
    const { connection } = connect({ maxDelayMs: 5_000 });
    connection.start();
    for (let i = 0; i < 6; i++) {
      FakeWebSocket.latest().drop();
      vi.advanceTimersByTime(5_000);
    }
    expect(FakeWebSocket.instances).toHaveLength(7);
  });

  it('sends only while connected', () => {
    const { connection } = connect();
    connection.start();
    expect(connection.send({ type: 'typing', conversation_id: 3 })).toBe(false);
    FakeWebSocket.latest().accept();
    expect(connection.send({ type: 'typing', conversation_id: 3 })).toBe(true);
    expect(FakeWebSocket.latest().sent).toEqual([{ type: 'typing', conversation_id: 3 }]);
  });

  it('pings, and treats a connection that stays silent after a ping as lost', () => {
    const { connection } = connect({ pingIntervalMs: 1_000, pongTimeoutMs: 500 });
    connection.start();
    const ws = FakeWebSocket.latest();
    ws.accept();
    vi.advanceTimersByTime(1_000);
    expect(ws.sent).toEqual([{ type: 'ping' }]);
    ws.push({ type: 'pong' });
    vi.advanceTimersByTime(1_000);
    expect(connection.status).toBe('open');
    vi.advanceTimersByTime(500); // second ping unanswered
    expect(connection.status).toBe('reconnecting');
    expect(ws.readyState).toBe(FakeWebSocket.CLOSED);
  });

  it('stays down while paused and reconnects at once on resume', () => {
    const { connection, opens } = connect();
    connection.start();
    FakeWebSocket.latest().accept();
    connection.pause();
    expect(connection.status).toBe('reconnecting');
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    connection.resume();
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.latest().accept();
    expect(opens.map((o) => o.reconnect)).toEqual([false, true]);
  });

  it('drops the socket when the network goes away and retries as soon as it is back', () => {
    const { connection } = connect();
    connection.start();
    FakeWebSocket.latest().accept();
    connection.networkLost();
    expect(connection.status).toBe('reconnecting');
    expect(FakeWebSocket.instances[0]!.readyState).toBe(FakeWebSocket.CLOSED);
    connection.reconnectNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('stops for good on stop()', () => {
    const { connection } = connect();
    connection.start();
    FakeWebSocket.latest().accept();
    connection.stop();
    expect(connection.status).toBe('stopped');
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
