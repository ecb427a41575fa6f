// Routing: queues with their members and business hours, where sender numbers
// route new conversations, agent presence, the supervisor's overview, and
// transfers, claims and the routing history of a conversation.

import { api } from './client';
import type { ConversationStatus, ConversationView } from './inbox';
import type { ChannelSender, ID, Page } from './types';

export const QUEUE_MODES = ['auto', 'manual', 'first_reply'] as const;
/** auto: round robin within capacity; manual: members pick up; first_reply: whoever answers first takes it. */
export type QueueMode = (typeof QUEUE_MODES)[number];

export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayKey = (typeof DAY_KEYS)[number];

/** An opening interval, two "HH:MM" times, the first before the second. */
export type TimeSpan = [string, string];

/** Opening hours in a time zone; days without intervals are closed. */
export interface BusinessHours {
  timezone: string;
  days: Partial<Record<DayKey, TimeSpan[]>>;
}

export interface QueueMember {
  user_id: ID;
  name: string;
  /** Open conversations the member takes at most (auto mode). */
  capacity: number;
}

export interface Queue {
  id: ID;
  name: string;
  mode: QueueMode;
  /** null: always open. */
  business_hours: BusinessHours | null;
  /** Sent to a customer who writes outside the business hours; empty for none. */
  out_of_hours_reply: string;
  members: QueueMember[];
  created_at: string;
  updated_at: string;
}

export interface NewQueue {
  name: string;
  mode: QueueMode;
  business_hours?: BusinessHours;
  out_of_hours_reply?: string;
}

/** PATCH /api/queues/{id}; clear_business_hours makes the queue always open. */
export interface QueueChange {
  name?: string;
  mode?: QueueMode;
  business_hours?: BusinessHours;
  clear_business_hours?: boolean;
  out_of_hours_reply?: string;
}

export interface MemberInput {
  user_id: ID;
  capacity: number;
}

export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 1000;

/** A sender number with where its new conversations go (from GET /api/channels). */
export interface RoutedSender extends ChannelSender {
  route_queue_id?: ID | null;
  route_user_id?: ID | null;
}

/** PUT /api/senders/{id}/route: a queue, an extension (agent), or {} for none. */
export type SenderRoute = { queue_id: ID } | { user_id: ID } | Record<string, never>;

/** Someone conversations can be routed to (GET /api/agents). */
export interface RoutingAgent {
  id: ID;
  name: string;
  role: string;
  extension: string | null;
}

export const PRESENCE_STATUSES = ['online', 'busy', 'offline'] as const;
/** online takes conversations; busy is connected but takes none automatically. */
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export interface Presence {
  user_id: ID;
  name: string;
  status: PresenceStatus;
}

/** Data of a realtime "presence" event about an agent (not the "viewing" kind). */
export interface PresenceEvent {
  user_id: ID;
  user_name: string;
  status: PresenceStatus;
}

export interface QueueLoad {
  id: ID;
  name: string;
  mode: QueueMode;
  waiting: number;
  oldest_waiting_since: string | null;
  longest_wait_seconds: number;
  open_now: boolean;
  members: ID[];
}

export interface AgentLoad {
  user_id: ID;
  name: string;
  role: string;
  status: PresenceStatus;
  open: number;
  /** The largest capacity of the agent's queues; 0 outside every queue. */
  capacity: number;
  queues: ID[];
}

/** GET /api/routing/overview: what the supervisor console shows. */
export interface RoutingOverview {
  queues: QueueLoad[];
  agents: AgentLoad[];
}

export type HistoryKind =
  | 'queued'
  | 'auto_assigned'
  | 'routed_extension'
  | 'first_reply'
  | 'claimed'
  | 'transferred'
  | 'assigned'
  | 'unassigned';

export interface HistoryEntry {
  id: ID;
  kind: HistoryKind;
  actor_id?: ID | null;
  actor_name: string | null;
  queue_id?: ID | null;
  queue_name: string | null;
  user_id?: ID | null;
  user_name: string | null;
  note: string;
  created_at: string;
}

/** POST /api/conversations/{id}/transfer: to a queue, to an agent, or both (the agent within the queue). */
export interface TransferInput {
  queue_id?: ID;
  user_id?: ID;
  note?: string;
}

export type RoutedConversation = ConversationView & { queued_at?: string | null };

/** What the console lists: waiting ones, or all filtered by queue and agent. */
export interface SupervisorFilter {
  tab: 'waiting' | 'all';
  queueId?: ID | null;
  assigneeId?: ID | null;
  status?: ConversationStatus | '';
}

export const routingApi = {
  listQueues: () => api.get<{ items: Queue[] }>('/api/queues').then((res) => res.items),
  getQueue: (id: ID) => api.get<Queue>(`/api/queues/${id}`),
  createQueue: (queue: NewQueue) => api.post<Queue>('/api/queues', queue),
  updateQueue: (id: ID, change: QueueChange) => api.patch<Queue>(`/api/queues/${id}`, change),
  deleteQueue: (id: ID) => api.delete(`/api/queues/${id}`),
  setMembers: (id: ID, members: MemberInput[]) => api.put<Queue>(`/api/queues/${id}/members`, { members }),

  setSenderRoute: (senderId: ID, route: SenderRoute) => api.put<RoutedSender>(`/api/senders/${senderId}/route`, route),

  listAgents: () => api.get<{ items: RoutingAgent[] }>('/api/agents').then((res) => res.items),

  listPresence: () => api.get<{ items: Presence[] }>('/api/presence').then((res) => res.items),
  /** Answers with the effective status: offline while the user has no live connection. */
  setMyPresence: (status: PresenceStatus) => api.put<Presence>('/api/presence/me', { status }),

  overview: () => api.get<RoutingOverview>('/api/routing/overview'),

  listConversations: (filter: SupervisorFilter, limit = 100) =>
    api.get<Page<RoutedConversation>>('/api/conversations', {
      query: {
        tab: filter.tab,
        queue_id: filter.queueId ?? undefined,
        assignee_id: filter.assigneeId ?? undefined,
        status: filter.status || undefined,
        limit,
      },
    }),
  /** Assigns directly (null unassigns). */
  assign: (conversationId: ID, assigneeId: ID | null) =>
    api.patch<ConversationView>(`/api/conversations/${conversationId}`, { assignee_id: assigneeId }),
  transfer: (conversationId: ID, input: TransferInput) =>
    api.post<ConversationView>(`/api/conversations/${conversationId}/transfer`, input),
  /** 409 when someone else took it first. */
  claim: (conversationId: ID) => api.post<ConversationView>(`/api/conversations/${conversationId}/claim`),
  history: (conversationId: ID) =>
    api.get<{ items: HistoryEntry[] }>(`/api/conversations/${conversationId}/history`).then((res) => res.items),
};
