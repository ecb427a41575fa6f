// Who else is typing in or looking at a conversation. These signals are
// ephemeral (never stored by the server), so they live here, expire on their
// own, and are kept per conversation for useSyncExternalStore.

export interface PresentUser {
  user_id: number;
  user_name: string;
}

/** Data of "typing" and "presence" events. */
export interface PresenceSignal {
  conversation_id: number;
  user_id: number;
  user_name: string;
  state: string;
}

/** How long a signal counts after it was received. */
export const TYPING_TTL_MS = 5_000;
export const VIEWING_TTL_MS = 30_000;

type Kind = 'typing' | 'viewing';
const EMPTY: PresentUser[] = [];

interface Entry {
  name: string;
  expires: number;
}

export class PresenceStore {
  private readonly entries: Record<Kind, Map<number, Map<number, Entry>>> = { typing: new Map(), viewing: new Map() };
  private readonly snapshots: Record<Kind, Map<number, PresentUser[]>> = { typing: new Map(), viewing: new Map() };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly selfUserId: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a typing or presence event's data; one's own signals are ignored. */
  receive(kind: Kind, signal: PresenceSignal): void {
    if (!signal || signal.user_id === this.selfUserId || !(signal.conversation_id > 0)) return;
    const ttl = kind === 'typing' ? TYPING_TTL_MS : VIEWING_TTL_MS;
    let users = this.entries[kind].get(signal.conversation_id);
    if (!users) this.entries[kind].set(signal.conversation_id, (users = new Map()));
    users.set(signal.user_id, { name: signal.user_name || '?', expires: this.now() + ttl });
    this.changed(kind, signal.conversation_id);
  }

  /** Someone's message arrived: they are no longer typing it. */
  stoppedTyping(conversationId: number, userId: number): void {
    if (this.entries.typing.get(conversationId)?.delete(userId)) this.changed('typing', conversationId);
  }

  typing(conversationId: number): PresentUser[] {
    return this.snapshots.typing.get(conversationId) ?? EMPTY;
  }

  viewing(conversationId: number): PresentUser[] {
    return this.snapshots.viewing.get(conversationId) ?? EMPTY;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  clear(): void {
    for (const kind of ['typing', 'viewing'] as const) {
      this.entries[kind].clear();
      this.snapshots[kind].clear();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.notify();
  }

  private changed(kind: Kind, conversationId: number) {
    const users = this.entries[kind].get(conversationId);
    const list: PresentUser[] = [];
    for (const [user_id, entry] of users ?? []) list.push({ user_id, user_name: entry.name });
    list.sort((a, b) => a.user_name.localeCompare(b.user_name));
    if (list.length === 0) {
      this.entries[kind].delete(conversationId);
      this.snapshots[kind].delete(conversationId);
    } else {
      this.snapshots[kind].set(conversationId, list);
    }
    this.schedule();
    this.notify();
  }

  /** One timer for the next expiry. */
  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next = Infinity;
    for (const kind of ['typing', 'viewing'] as const) {
      for (const users of this.entries[kind].values()) {
        for (const entry of users.values()) next = Math.min(next, entry.expires);
      }
    }
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.expire(), Math.max(0, next - this.now()) + 10);
  }

  private expire() {
    this.timer = null;
    const now = this.now();
    for (const kind of ['typing', 'viewing'] as const) {
      for (const [conversationId, users] of [...this.entries[kind]]) {
        let removed = false;
        for (const [userId, entry] of [...users]) {
          if (entry.expires <= now) removed = users.delete(userId) || removed;
        }
        if (removed) this.changed(kind, conversationId);
      }
    }
    this.schedule();
  }

  private notify() {
    for (const fn of [...this.listeners]) fn();
  }
}
