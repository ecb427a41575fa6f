import { describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../api/sandbox';
import { normalizeNumber, phoneDirection, phoneThread, unreadKey } from './thread';

function msg(
  id: number,
  direction: 'in' | 'out',
  status: SandboxMessage['status'],
  kind: SandboxMessage['kind'] = 'text',
): SandboxMessage {
  return {
    id,
    conversation_id: 1,
    channel_id: 1,
    direction,
    kind,
    body: `m${id}`,
    media: null,
    location: null,
    extra: {},
    provider_message_id: `p${id}`,
    reply_to_id: null,
    status,
    error_code: '',
    error_title: '',
    author_id: null,
    created_at: '2026-01-05T10:00:00Z',
    provider_at: null,
    status_at: null,
  };
}

describe('the phone’s view of the thread', () => {
  it('inverts the business’s direction: the customer’s own messages go out', () => {
    expect(phoneDirection({ direction: 'in' })).toBe('out');
    expect(phoneDirection({ direction: 'out' })).toBe('in');
  });

  it('never shows notes or system lines, nor business messages that did not reach the phone', () => {
    const all = [
      msg(1, 'in', 'received'),
      msg(2, 'out', 'queued'),
      msg(3, 'out', 'failed'),
      msg(4, 'out', 'sent'),
      msg(5, 'out', 'delivered', 'note'),
      msg(6, 'out', 'read'),
      msg(7, 'out', 'sent', 'system'),
    ];
    expect(phoneThread(all).map((m) => m.id)).toEqual([1, 4, 6]);
  });

  it('counts business messages not yet read as unread, the customer’s own never', () => {
    expect(unreadKey([msg(1, 'in', 'received'), msg(2, 'out', 'read')])).toBe('');
    expect(unreadKey([msg(1, 'in', 'received'), msg(2, 'out', 'sent'), msg(3, 'out', 'delivered')])).toBe('2,3');
  });

  it.each([
    ['+4915112345678', '+4915112345678'],
    [' +49 151 1234-5678 ', '+4915112345678'],
    ['004915112345678', '+4915112345678'],
    ['015112345678', null],
    ['+49', null],
    ['', null],
  ])('reads the number %j as %j', (typed, e164) => {
    expect(normalizeNumber(typed)).toBe(e164);
  });
});
