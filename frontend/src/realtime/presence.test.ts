import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PresenceStore, TYPING_TTL_MS, VIEWING_TTL_MS } from './presence';

const SELF = 1;
const anna = { conversation_id: 5, user_id: 2, user_name: 'Anna', state: 'typing' };
const ben = { conversation_id: 5, user_id: 3, user_name: 'Ben', state: 'typing' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('presence store', () => {
  it('shows who is typing for a few seconds, and forgets them after', () => {
    const store = new PresenceStore(SELF);
    const changes = vi.fn();
    store.subscribe(changes);
    store.receive('typing', anna);
    expect(store.typing(5)).toEqual([{ user_id: 2, user_name: 'Anna' }]);
    expect(store.typing(6)).toEqual([]);
    vi.advanceTimersByTime(TYPING_TTL_MS - 100);
    expect(store.typing(5)).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(store.typing(5)).toEqual([]);
    expect(changes).toHaveBeenCalled();
  });

  it('keeps a typist while signals keep coming', () => {
    const store = new PresenceStore(SELF);
    store.receive('typing', anna);
    vi.advanceTimersByTime(3_000);
    store.receive('typing', anna);
    vi.advanceTimersByTime(3_000);
    expect(store.typing(5)).toHaveLength(1);
  });

  it('ignores one’s own signals', () => {
    const store = new PresenceStore(SELF);
    store.receive('typing', { ...anna, user_id: SELF });
    store.receive('viewing', { ...anna, user_id: SELF, state: 'viewing' });
    expect(store.typing(5)).toEqual([]);
    expect(store.viewing(5)).toEqual([]);
  });

  it('keeps viewers for 30 seconds, sorted by name, with a stable snapshot', () => {
    const store = new PresenceStore(SELF);
    store.receive('viewing', { ...ben, state: 'viewing' });
    store.receive('viewing', { ...anna, state: 'viewing' });
    const first = store.viewing(5);
    expect(first.map((u) => u.user_name)).toEqual(['Anna', 'Ben']);
    expect(store.viewing(5)).toBe(first);
    vi.advanceTimersByTime(VIEWING_TTL_MS + 50);
    expect(store.viewing(5)).toEqual([]);
  });

  it('stops showing a typist whose message arrived', () => {
    const store = new PresenceStore(SELF);
    store.receive('typing', anna);
    store.receive('typing', ben);
    store.stoppedTyping(5, 2);
    expect(store.typing(5).map((u) => u.user_name)).toEqual(['Ben']);
  });
});
