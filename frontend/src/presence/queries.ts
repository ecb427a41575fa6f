import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { routingApi, type Presence, type PresenceEvent, type PresenceStatus } from '../api/routing';
import type { ID } from '../api/types';
import type { ServerEvent } from '../realtime/connection';

/** Everyone's presence (GET /api/presence). */
export const presenceKey = ['routing', 'presence'] as const;

export function usePresenceList(enabled = true) {
  return useQuery({ queryKey: presenceKey, queryFn: routingApi.listPresence, enabled, staleTime: 60_000 });
}

/** The user's own status as the server has it; undefined while unknown. */
export function useMyPresence(userId: ID): PresenceStatus | undefined {
  const list = usePresenceList();
  return list.data?.find((p) => p.user_id === userId)?.status;
}

/**
 * Puts one user's presence into the cached list. A fetch under way may
 * answer with a snapshot from before the event: it is made again.
 */
export function applyPresence(queryClient: QueryClient, presence: Presence) {
  if (queryClient.isFetching({ queryKey: presenceKey }) > 0) {
    void queryClient.invalidateQueries({ queryKey: presenceKey });
  }
  queryClient.setQueryData<Presence[]>(presenceKey, (list) => {
    if (!list) return list;
    const found = list.some((p) => p.user_id === presence.user_id);
    return found
      ? list.map((p) => (p.user_id === presence.user_id ? { ...p, status: presence.status } : p))
      : [...list, presence];
  });
}

/**
 * The agent-presence part of a "presence" event, or null. Events with a
 * state ("viewing") say who looks at a conversation: a different thing.
 */
export function presenceOfEvent(event: ServerEvent): Presence | null {
  if (event.type !== 'presence') return null;
  const data = event.data as (Partial<PresenceEvent> & { state?: string }) | null;
  if (!data || data.state || typeof data.user_id !== 'number' || typeof data.status !== 'string') return null;
  return { user_id: data.user_id, name: data.user_name ?? '', status: data.status };
}

export function useSetMyPresence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: PresenceStatus) => routingApi.setMyPresence(status),
    onSuccess: (presence) => applyPresence(queryClient, presence),
  });
}
