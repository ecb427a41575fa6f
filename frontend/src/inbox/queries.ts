import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import {
  inboxApi,
  type Agent,
  type ConversationChange,
  type ConversationDetail,
  type ConversationFilter,
  type ConversationView,
  type Message,
} from '../api/inbox';
import type { ID } from '../api/types';
import { useCan, useSession } from '../auth/session';
import {
  MESSAGE_PAGE_SIZE,
  viewerOf,
  type InboxViewer,
  applyConversationToList,
  mergeDetail,
  olderPageParam,
  replaceInList,
  upsertMessages,
  type ConversationPages,
  type MessagePages,
} from './cache';

export const inboxKeys = {
  all: ['inbox'] as const,
  lists: ['inbox', 'conversations'] as const,
  list: (filter: ConversationFilter) => ['inbox', 'conversations', filter] as const,
  conversation: (id: ID) => ['inbox', 'conversation', id] as const,
  messages: (id: ID) => ['inbox', 'messages', id] as const,
  contacts: ['inbox', 'contact'] as const,
  contact: (id: ID) => ['inbox', 'contact', id] as const,
  agents: ['inbox', 'agents'] as const,
};

const LIST_PAGE_SIZE = 30;

export function useConversationList(filter: ConversationFilter) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(filter),
    queryFn: ({ pageParam }) => inboxApi.listConversations(filter, pageParam, LIST_PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useConversation(id: ID | null) {
  return useQuery({
    queryKey: inboxKeys.conversation(id ?? 0),
    queryFn: () => inboxApi.getConversation(id!),
    enabled: id !== null,
  });
}

export function useMessages(id: ID | null) {
  return useInfiniteQuery({
    queryKey: inboxKeys.messages(id ?? 0),
    queryFn: ({ pageParam }) =>
      inboxApi.listMessages(id!, { before: pageParam ?? undefined, limit: MESSAGE_PAGE_SIZE }),
    initialPageParam: null as number | null,
    getNextPageParam: olderPageParam,
    enabled: id !== null,
  });
}

export function useContact(id: ID | null) {
  return useQuery({
    queryKey: inboxKeys.contact(id ?? 0),
    queryFn: () => inboxApi.getContact(id!),
    enabled: id !== null,
  });
}

/**
 * People a conversation can be assigned to: GET /api/agents, or, on a server
 * without it, the user list for those allowed to read it. null when neither
 * is available (then only "Assign to me" is offered).
 */
export function useAgents() {
  const canReadUsers = useCan('users:read');
  return useQuery({
    queryKey: [...inboxKeys.agents, canReadUsers],
    queryFn: async (): Promise<Agent[] | null> => {
      try {
        return (await inboxApi.listAgents()).items;
      } catch (err) {
        if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) throw err;
      }
      if (!canReadUsers) return null;
      const users = await inboxApi.listUsers();
      return users.items.filter((u) => u.active && u.role !== 'campaign_manager');
    },
    staleTime: 5 * 60_000,
  });
}

// ---------- Folding server data into the cache ----------

/** Puts a message (from an answer or an event) into its conversation's cached history. */
export function applyMessages(queryClient: QueryClient, conversationId: ID, messages: Message[]) {
  if (messages.length === 0) return;
  queryClient.setQueryData<MessagePages>(inboxKeys.messages(conversationId), (data) =>
    data ? upsertMessages(data, messages) : data,
  );
}

/**
 * Puts a conversation's new state into every cached list, its detail and its
 * contact. Lists that cannot tell whether it belongs (a search) are fetched
 * again, unless refetch is false. Pass viewerOf(me) as the viewer.
 */
export function applyConversation(
  queryClient: QueryClient,
  view: ConversationView,
  viewerOrUserId: InboxViewer | ID,
  { refetch = true }: { refetch?: boolean } = {},
) {
  // A bare user id (older callers) counts as a viewer who sees every conversation.
  const viewer = typeof viewerOrUserId === 'number' ? { userId: viewerOrUserId, seesAll: true } : viewerOrUserId;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: inboxKeys.lists })) {
    const filter = query.queryKey[2] as ConversationFilter | undefined;
    const data = query.state.data as ConversationPages | undefined;
    if (!filter || !data) continue;
    const change = applyConversationToList(data, view, filter, viewer);
    if (change.data !== data) queryClient.setQueryData(query.queryKey, change.data);
    if (change.refetch && refetch) void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
  }
  queryClient.setQueryData<ConversationDetail>(inboxKeys.conversation(view.id), (cached) =>
    cached ? mergeDetail(cached, view) : cached,
  );
  const contactKey = inboxKeys.contact(view.contact_id);
  const contact = queryClient.getQueryData<{ conversations: ConversationView[] }>(contactKey);
  if (contact) {
    if (contact.conversations.some((c) => c.id === view.id)) {
      queryClient.setQueryData(contactKey, {
        ...contact,
        conversations: replaceInList(
          { pages: [{ items: contact.conversations, next: null }], pageParams: [null] },
          view,
        ).pages[0]!.items,
      });
    } else if (refetch) {
      void queryClient.invalidateQueries({ queryKey: contactKey, exact: true });
    }
  }
}

// ---------- Mutations ----------

export interface SendInput {
  kind: 'text' | 'note';
  body: string;
  replyToId?: ID;
  file?: File;
}

export function useSendMessage(conversationId: ID) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, body, replyToId, file }: SendInput) =>
      file
        ? inboxApi.sendAttachment(conversationId, { file, body, reply_to_id: replyToId })
        : inboxApi.sendMessage(conversationId, { kind, body, reply_to_id: replyToId }),
    onSuccess: (message) => applyMessages(queryClient, conversationId, [message]),
  });
}

export function useRetryMessage(conversationId: ID) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: ID) => inboxApi.retryMessage(messageId),
    onSuccess: (message) => applyMessages(queryClient, conversationId, [message]),
  });
}

export function useUpdateConversation(conversationId: ID) {
  const queryClient = useQueryClient();
  const me = useSession();
  return useMutation({
    mutationFn: (change: ConversationChange) => inboxApi.updateConversation(conversationId, change),
    onSuccess: (detail) => {
      queryClient.setQueryData(inboxKeys.conversation(conversationId), detail);
      applyConversation(queryClient, detail, viewerOf(me));
    },
  });
}

/** Clears the unread count; the server's conversation.updated event updates the lists. */
export function useMarkRead() {
  return useMutation({ mutationFn: (conversationId: ID) => inboxApi.markRead(conversationId) });
}
