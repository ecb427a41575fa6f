import { describe, expect, it } from 'vitest';
import type { AgentLoad, QueueLoad, RoutedConversation } from '../api/routing';
import { capacityBar, consoleTotals, formatWait, longestWait, secondsSince, waitLevel, waitingOrder } from './derive';

const queue = (over: Partial<QueueLoad> = {}): QueueLoad => ({
  id: 1,
  name: 'Support',
  mode: 'auto',
  waiting: 2,
  oldest_waiting_since: '2026-01-01T10:00:00Z',
  longest_wait_seconds: 90,
  open_now: true,
  members: [],
  ...over,
});

const agent = (over: Partial<AgentLoad> = {}): AgentLoad => ({
  user_id: 1,
  name: 'A',
  role: 'agent',
  status: 'online',
  open: 0,
  capacity: 5,
  queues: [1],
  ...over,
});

describe('waits', () => {
  it('ticks on from the server’s figure, whatever the browser’s clock says', () => {
    const fetchedAt = 1_000_000;
    expect(longestWait(queue(), fetchedAt, fetchedAt)).toBe(90);
    expect(longestWait(queue(), fetchedAt, fetchedAt + 4_999)).toBe(94);
    // The clock's last tick was just before the fetch answered.
    expect(longestWait(queue(), fetchedAt, fetchedAt - 300)).toBe(90);
    expect(
      longestWait(queue({ waiting: 0, oldest_waiting_since: null, longest_wait_seconds: 0 }), fetchedAt, fetchedAt),
    ).toBeNull();
  });

  it('formats waits as a clock, then in days and hours', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(45)).toBe('0:45');
    expect(formatWait(725)).toBe('12:05');
    expect(formatWait(3725)).toBe('1:02:05');
    expect(formatWait(86_400 * 2 + 3600 * 4 + 59)).toBe('2d 04h');
    expect(formatWait(-5)).toBe('0:00');
  });

  it('counts seconds since an instant, never below zero', () => {
    const now = Date.parse('2026-01-01T10:01:00Z');
    expect(secondsSince('2026-01-01T10:00:00Z', now)).toBe(60);
    expect(secondsSince('2026-01-01T10:02:00Z', now)).toBe(0);
    expect(secondsSince(null, now)).toBeNull();
  });

  it('grades waits', () => {
    expect(waitLevel(null)).toBe('none');
    expect(waitLevel(119)).toBe('ok');
    expect(waitLevel(120)).toBe('warn');
    expect(waitLevel(600)).toBe('alert');
  });
});

describe('capacity bar', () => {
  it('fills with the share of the capacity in use', () => {
    expect(capacityBar(0, 5)).toEqual({ percent: 0, level: 'low' });
    expect(capacityBar(1, 5)).toEqual({ percent: 20, level: 'low' });
    expect(capacityBar(4, 5)).toEqual({ percent: 80, level: 'high' });
    expect(capacityBar(5, 5)).toEqual({ percent: 100, level: 'full' });
    expect(capacityBar(7, 5)).toEqual({ percent: 100, level: 'full' });
  });

  it('has no level for agents outside every queue', () => {
    expect(capacityBar(0, 0)).toEqual({ percent: 0, level: 'none' });
    expect(capacityBar(2, 0)).toEqual({ percent: 100, level: 'none' });
  });
});

describe('console totals and the waiting list', () => {
  it('counts waiting conversations and agents free to take one', () => {
    const totals = consoleTotals(
      [queue({ waiting: 2 }), queue({ id: 2, waiting: 3 })],
      [
        agent({ user_id: 1 }),
        agent({ user_id: 2, open: 5 }),
        agent({ user_id: 3, status: 'busy' }),
        agent({ user_id: 4, capacity: 0 }),
      ],
    );
    expect(totals).toEqual({ waiting: 5, online: 3, available: 1 });
  });

  it('puts the longest waiting first and drops resolved or taken ones', () => {
    const conv = (id: number, queued_at: string, over: Partial<RoutedConversation> = {}) =>
      ({ id, queued_at, created_at: queued_at, status: 'open', assignee_id: null, ...over }) as RoutedConversation;
    const ordered = waitingOrder([
      conv(1, '2026-01-01T10:05:00Z'),
      conv(2, '2026-01-01T10:00:00Z'),
      conv(3, '2026-01-01T09:00:00Z', { status: 'resolved' }),
      conv(4, '2026-01-01T09:00:00Z', { assignee_id: 7 }),
    ]);
    expect(ordered.map((c) => c.id)).toEqual([2, 1]);
  });
});
