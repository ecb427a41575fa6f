// Values the supervisor console derives from the overview: waits that tick
// every second, an agent's load as a bar, and which conversations wait.

import type { AgentLoad, QueueLoad, RoutedConversation } from '../api/routing';

/**
 * The queue's longest wait now: the server's figure at fetch time plus the
 * time since, so the browser's clock being off does not matter. null when
 * nothing waits.
 */
export function longestWait(
  queue: Pick<QueueLoad, 'waiting' | 'longest_wait_seconds' | 'oldest_waiting_since'>,
  fetchedAt: number,
  now: number,
): number | null {
  if (queue.waiting === 0 || !queue.oldest_waiting_since) return null;
  // The ticking clock may lag the fetch by up to a tick: never count backwards.
  return queue.longest_wait_seconds + Math.floor(Math.max(0, now - fetchedAt) / 1000);
}

/** Seconds since an instant (clamped at 0 against a clock running behind); null without one. */
export function secondsSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((now - at) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A wait as a clock: 0:45, 12:05, 1:02:05; from a day on, days and hours (2d 04h). */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(secs)}`;
  return `${minutes}:${pad(secs)}`;
}

export type WaitLevel = 'none' | 'ok' | 'warn' | 'alert';

/** How worrying a wait is: warn from 2 minutes, alert from 10. */
export function waitLevel(seconds: number | null): WaitLevel {
  if (seconds === null) return 'none';
  if (seconds >= 600) return 'alert';
  if (seconds >= 120) return 'warn';
  return 'ok';
}

export interface CapacityBar {
  /** Width of the bar, 0–100. */
  percent: number;
  /** none: in no queue (no capacity); low below 70 %; high from 70 %; full at capacity or above. */
  level: 'none' | 'low' | 'high' | 'full';
}

export function capacityBar(open: number, capacity: number): CapacityBar {
  if (capacity <= 0) return { percent: open > 0 ? 100 : 0, level: 'none' };
  const ratio = open / capacity;
  const percent = Math.min(100, Math.round(ratio * 100));
  return { percent, level: ratio >= 1 ? 'full' : ratio >= 0.7 ? 'high' : 'low' };
}

/** Total waiting and the agents who could take work now (online, below capacity). */
export function consoleTotals(queues: QueueLoad[], agents: AgentLoad[]) {
  return {
    waiting: queues.reduce((sum, q) => sum + q.waiting, 0),
    online: agents.filter((a) => a.status === 'online').length,
    available: agents.filter((a) => a.status === 'online' && a.capacity > 0 && a.open < a.capacity).length,
  };
}

/** Waiting conversations, longest waiting first; resolved ones do not wait. */
export function waitingOrder(items: RoutedConversation[]): RoutedConversation[] {
  const since = (c: RoutedConversation) => Date.parse(c.queued_at ?? c.created_at);
  return items
    .filter((c) => c.status !== 'resolved' && c.assignee_id === null)
    .sort((a, b) => since(a) - since(b) || a.id - b.id);
}
