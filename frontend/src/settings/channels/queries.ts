import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { channelsApi } from '../../api/channels';
import type { Channel, ChannelChange, ID, NewChannel, NewSender } from '../../api/types';
import { sandboxQueryKey } from '../../sandbox/queries';

export const channelsQueryKey = ['channels'] as const;

export function useChannels() {
  return useQuery({ queryKey: channelsQueryKey, queryFn: () => channelsApi.list().then((res) => res.items) });
}

/** Refetches the channels and what the sandbox phone knows of its channel. */
function useRefreshChannels() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: channelsQueryKey }),
      queryClient.invalidateQueries({ queryKey: sandboxQueryKey }),
    ]);
}

/** Puts one changed channel into the cached list at once. */
function useReplaceChannel() {
  const queryClient = useQueryClient();
  return (updated: Channel) =>
    queryClient.setQueryData<Channel[]>(channelsQueryKey, (list) =>
      list?.map((c) => (c.id === updated.id ? updated : c)),
    );
}

export function useCreateChannel() {
  const refresh = useRefreshChannels();
  return useMutation({
    mutationFn: (channel: NewChannel) => channelsApi.create(channel),
    onSuccess: refresh,
  });
}

export function useUpdateChannel() {
  const refresh = useRefreshChannels();
  const replace = useReplaceChannel();
  return useMutation({
    mutationFn: ({ id, change }: { id: ID; change: ChannelChange }) => channelsApi.update(id, change),
    onSuccess: (updated) => {
      replace(updated);
      return refresh();
    },
  });
}

export function useAddSender() {
  const refresh = useRefreshChannels();
  return useMutation({
    mutationFn: ({ channelId, sender }: { channelId: ID; sender: NewSender }) =>
      channelsApi.addSender(channelId, sender),
    onSuccess: refresh,
  });
}

export function useRemoveSender() {
  const refresh = useRefreshChannels();
  return useMutation({
    mutationFn: ({ channelId, senderId }: { channelId: ID; senderId: ID }) =>
      channelsApi.removeSender(channelId, senderId),
    onSuccess: refresh,
  });
}
