import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConversationView } from '../api/inbox';
import { routingApi, type SupervisorFilter, type TransferInput } from '../api/routing';
import type { ID } from '../api/types';
import { useSession } from '../auth/session';
import { viewerOf } from '../inbox/cache';
import { applyConversation } from '../inbox/queries';

export const consoleKeys = {
  overview: ['routing', 'overview'] as const,
  lists: ['routing', 'console'] as const,
  list: (filter: SupervisorFilter) => ['routing', 'console', filter] as const,
  history: (conversationId: ID) => ['routing', 'history', conversationId] as const,
};

export function useOverview() {
  return useQuery({ queryKey: consoleKeys.overview, queryFn: routingApi.overview });
}

/** The console's conversation lists (waiting, or filtered by queue and agent). */
export function useConsoleConversations(filter: SupervisorFilter) {
  return useQuery({
    queryKey: consoleKeys.list(filter),
    queryFn: () => routingApi.listConversations(filter),
    placeholderData: (previous) => previous,
  });
}

export function useRoutingHistory(conversationId: ID) {
  return useQuery({
    queryKey: consoleKeys.history(conversationId),
    queryFn: () => routingApi.history(conversationId),
  });
}

/** A routing step answered with the conversation: into the inbox's cache, and the console refreshes. */
function useRouted() {
  const queryClient = useQueryClient();
  const me = useSession();
  return (view: ConversationView) => {
    applyConversation(queryClient, view, viewerOf(me));
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: consoleKeys.overview }),
      queryClient.invalidateQueries({ queryKey: consoleKeys.lists }),
      queryClient.invalidateQueries({ queryKey: consoleKeys.history(view.id) }),
    ]);
  };
}

export function useAssign() {
  const routed = useRouted();
  return useMutation({
    mutationFn: ({ conversationId, assigneeId }: { conversationId: ID; assigneeId: ID | null }) =>
      routingApi.assign(conversationId, assigneeId),
    onSuccess: routed,
  });
}

export function useTransfer() {
  const routed = useRouted();
  return useMutation({
    mutationFn: ({ conversationId, input }: { conversationId: ID; input: TransferInput }) =>
      routingApi.transfer(conversationId, input),
    onSuccess: routed,
  });
}

export function useClaim() {
  const routed = useRouted();
  return useMutation({ mutationFn: (conversationId: ID) => routingApi.claim(conversationId), onSuccess: routed });
}
