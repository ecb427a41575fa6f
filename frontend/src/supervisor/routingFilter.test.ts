import { describe, expect, it } from 'vitest';
import type { ConversationFilter, ConversationView } from '../api/inbox';
import { conversationMatches, type InboxViewer } from '../inbox/cache';

// The inbox list's queue and agent filters (for supervisors) decide live
// updates the same way the server decides the list.
describe('inbox list filtered by queue and agent', () => {
  const supervisor: InboxViewer = { userId: 1, seesAll: true };
  const base: ConversationFilter = { tab: 'all', status: '', channelId: null, q: '' };
  const conversation = {
    id: 1,
    status: 'open',
    queue_id: 3,
    assignee_id: 7,
    labels: [],
  } as unknown as ConversationView;

  it('keeps conversations of the chosen queue and agent', () => {
    expect(conversationMatches(conversation, { ...base, queueId: 3 }, supervisor)).toBe(true);
    expect(conversationMatches(conversation, { ...base, assigneeId: 7 }, supervisor)).toBe(true);
    expect(conversationMatches(conversation, { ...base, queueId: 3, assigneeId: 7 }, supervisor)).toBe(true);
  });

  it('drops conversations of other queues and agents', () => {
    expect(conversationMatches(conversation, { ...base, queueId: 4 }, supervisor)).toBe(false);
    expect(conversationMatches(conversation, { ...base, assigneeId: 8 }, supervisor)).toBe(false);
    expect(conversationMatches({ ...conversation, queue_id: null }, { ...base, queueId: 3 }, supervisor)).toBe(false);
  });

  it('ignores the filters when unset', () => {
    expect(conversationMatches(conversation, { ...base, queueId: null, assigneeId: null }, supervisor)).toBe(true);
  });
});
