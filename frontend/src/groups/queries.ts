import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { groupsApi, type GroupInput, type MemberTarget } from '../api/groups';
import type { ID } from '../api/types';

export const groupKeys = {
  all: ['groups'] as const,
  list: ['groups', 'list'] as const,
  detail: (id: ID) => ['groups', 'detail', id] as const,
  members: (id: ID) => ['groups', 'members', id] as const,
  history: (id: ID) => ['groups', 'history', id] as const,
};

export function useGroups(enabled = true) {
  return useQuery({ queryKey: groupKeys.list, queryFn: async () => (await groupsApi.list()).items, enabled });
}

export function useGroup(id: ID) {
  return useQuery({ queryKey: groupKeys.detail(id), queryFn: () => groupsApi.get(id) });
}

export function useGroupMembers(id: ID) {
  return useInfiniteQuery({
    queryKey: groupKeys.members(id),
    queryFn: ({ pageParam }) => groupsApi.members(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useGroupHistory(id: ID) {
  return useQuery({ queryKey: groupKeys.history(id), queryFn: async () => (await groupsApi.history(id)).items });
}

/** Any change moves the figures of the list and the detail: refresh all of the groups. */
function useRefreshGroups() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: groupKeys.all });
}

export function useSaveGroup() {
  const refresh = useRefreshGroups();
  return useMutation({
    mutationFn: ({ id, input }: { id: ID | null; input: GroupInput }) =>
      id === null ? groupsApi.create(input) : groupsApi.update(id, input),
    onSuccess: refresh,
  });
}

export function useDeleteGroup() {
  const refresh = useRefreshGroups();
  return useMutation({ mutationFn: (id: ID) => groupsApi.remove(id), onSuccess: refresh });
}

export function useAddMembers(id: ID) {
  const refresh = useRefreshGroups();
  return useMutation({ mutationFn: (target: MemberTarget) => groupsApi.addMembers(id, target), onSuccess: refresh });
}

/** Adds to a group chosen at the time (the contacts page's bulk bar); the phone book may be filtered by group. */
export function useAddMembersTo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, target }: { groupId: ID; target: MemberTarget }) => groupsApi.addMembers(groupId, target),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: groupKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['contacts'] }),
      ]),
  });
}

export function useRemoveMembers(id: ID) {
  const refresh = useRefreshGroups();
  return useMutation({ mutationFn: (contactIds: ID[]) => groupsApi.removeMembers(id, contactIds), onSuccess: refresh });
}
