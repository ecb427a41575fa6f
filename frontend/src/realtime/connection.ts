// One websocket to /api/ws per tab: reconnects with back-off, keeps itself
// alive with pings, and tells its listeners about events, status changes and
// every (re)connect — after which they catch up through the REST API, since
// events sent while the socket was down are not replayed.

/** Envelope of a server event: {"type","seq","account_id","data"}. */
export interface ServerEvent<T = unknown> {
  type: string;
  seq?: number;
  account_id?: number;
  data: T;
}

/** What the browser tells the server. */
export type ClientMessage = { type: 'typing' | 'viewing'; conversation_id: number } | { type: 'ping' };

/**
 * connecting: the first attempt; open: live; reconnecting: the connection was
 * lost (or never came up) and is being retried; stopped: not running.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** Passed to open listeners: when the socket came up, and whether it had been up before. */
export interface OpenInfo {
  openedAt: number;
  reconnect: boolean;
}

export interface ConnectionOptions {
  url: string;
  createSocket?: (url: string) => WebSocket;
  /** First retry delay; doubles per failed attempt up to maxDelayMs (with jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How often the client pings, and how long it waits for any frame after a ping. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  random?: () => number;
}

type Listener<T> = (value: T) => void;

/** The websocket address of this page's origin. */
export function realtimeURL(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/ws`;
}

export class RealtimeConnection {
  private readonly opts: Required<ConnectionOptions>;
  private socket: WebSocket | null = null;
  private statusValue: ConnectionStatus = 'stopped';
  private attempts = 0;
  private everOpened = false;
  private running = false;
  private paused = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly eventListeners = new Set<Listener<ServerEvent>>();
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>();
  private readonly openListeners = new Set<Listener<OpenInfo>>();

  constructor(options: ConnectionOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url),
      initialDelayMs: 1000,
      maxDelayMs: 30_000,
      pingIntervalMs: 25_000,
      pongTimeoutMs: 10_000,
      random: Math.random,
      ...options,
    };
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** Connects and keeps the connection up until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempts = 0;
    this.setStatus(this.everOpened ? 'reconnecting' : 'connecting');
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    this.dropSocket();
    this.setStatus('stopped');
  }

  /**
   * Drops the connection and does not reconnect until resume(). For tests
   * that need the socket down while the rest of the page keeps working.
   */
  pause(): void {
    this.paused = true;
    this.clearTimers();
    this.dropSocket();
    if (this.running) this.setStatus('reconnecting');
  }

  resume(): void {
    this.paused = false;
    this.reconnectNow();
  }

  /** Tries again at once (the network is back, the tab became visible). */
  reconnectNow(): void {
    if (!this.running || this.paused || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempts = 0;
    this.connect();
  }

  /** The network went away: the socket is most likely dead, so do not wait for a timeout. */
  networkLost(): void {
    if (!this.running || !this.socket) return;
    this.dropSocket();
    this.scheduleRetry();
  }

  /** Sends when connected; reports whether it did. */
  send(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  onEvent(fn: Listener<ServerEvent>): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  onStatus(fn: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  onOpen(fn: Listener<OpenInfo>): () => void {
    this.openListeners.add(fn);
    return () => this.openListeners.delete(fn);
  }

  private setStatus(status: ConnectionStatus) {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const fn of [...this.statusListeners]) fn(status);
  }

  private connect() {
    if (!this.running || this.paused) return;
    let ws: WebSocket;
    try {
      ws = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket !== ws) return;
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.attempts = 0;
      this.startPinging();
      this.setStatus('open');
      const info: OpenInfo = { openedAt: Date.now(), reconnect };
      for (const fn of [...this.openListeners]) fn(info);
    };
    ws.onmessage = (msg: MessageEvent) => {
      if (this.socket !== ws) return;
      this.gotFrame();
      const event = parseEvent(msg.data);
      if (!event || event.type === 'pong') return;
      for (const fn of [...this.eventListeners]) fn(event);
    };
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.stopPinging();
      this.scheduleRetry();
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => {};
  }

  private scheduleRetry() {
    if (!this.running) return;
    this.setStatus('reconnecting');
    if (this.paused || this.retryTimer) return;
    const base = Math.min(this.opts.maxDelayMs, this.opts.initialDelayMs * 2 ** this.attempts);
    const delay = Math.round(base * (0.5 + this.opts.random() / 2));
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private startPinging() {
    this.stopPinging();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping' }) || this.pongTimer) return;
      // No frame at all for a while after a ping: the connection is half-open.
      this.pongTimer = setTimeout(() => {
        this.pongTimer = null;
        this.networkLost();
      }, this.opts.pongTimeoutMs);
    }, this.opts.pingIntervalMs);
  }

  private gotFrame() {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private stopPinging() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.gotFrame();
    this.pingTimer = null;
  }

  private dropSocket() {
    const ws = this.socket;
    this.socket = null;
    this.stopPinging();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  private clearTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopPinging();
  }
}

function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as ServerEvent).type === 'string') {
      return value as ServerEvent;
    }
  } catch {
    // not JSON: ignore
  }
  return null;
}
