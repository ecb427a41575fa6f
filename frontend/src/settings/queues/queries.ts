import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  routingApi,
  type MemberInput,
  type NewQueue,
  type Queue,
  type QueueChange,
  type SenderRoute,
} from '../../api/routing';
import type { ID } from '../../api/types';
import { channelsQueryKey } from '../channels/queries';

export const routingKeys = {
  all: ['routing'] as const,
  queues: ['routing', 'queues'] as const,
  agents: ['routing', 'agents'] as const,
};

export function useQueues(enabled = true) {
  return useQuery({ queryKey: routingKeys.queues, queryFn: routingApi.listQueues, enabled });
}

/**
 * Everyone conversations can be routed to, with their extension. Forms that
 * pick from them fetch afresh on opening: users may have been added meanwhile.
 */
export function useRoutingAgents(enabled = true, { fresh = false }: { fresh?: boolean } = {}) {
  return useQuery({
    queryKey: routingKeys.agents,
    queryFn: routingApi.listAgents,
    enabled,
    refetchOnMount: fresh ? 'always' : true,
  });
}

export function useDeleteQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => routingApi.deleteQueue(id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: routingKeys.all }),
        // Senders routed to the queue lose their route.
        queryClient.invalidateQueries({ queryKey: channelsQueryKey }),
      ]),
  });
}

export function useSetSenderRoute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ senderId, route }: { senderId: ID; route: SenderRoute }) =>
      routingApi.setSenderRoute(senderId, route),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsQueryKey }),
  });
}

export interface SaveQueue {
  /** The queue to change; a new one without. */
  id: ID | null;
  details: NewQueue & QueueChange;
  /** The new member list, or undefined to leave the members alone. */
  members?: MemberInput[];
  /** Told the new queue's id as soon as it exists (before the members are saved). */
  onCreated?: (queue: Queue) => void;
}

/** Saves a queue's details and then its members, as one step of the editor. */
export function useSaveQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, details, members, onCreated }: SaveQueue) => {
      let queue: Queue;
      if (id === null) {
        queue = await routingApi.createQueue(details);
        onCreated?.(queue);
      } else {
        queue = await routingApi.updateQueue(id, details);
      }
      if (members) queue = await routingApi.setMembers(queue.id, members);
      return queue;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: routingKeys.all }),
  });
}
