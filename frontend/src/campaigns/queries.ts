import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import {
  campaignsApi,
  type Campaign,
  type CampaignAction,
  type CampaignInput,
  type CampaignPage,
  type RecipientStatus,
} from '../api/campaigns';
import type { ID } from '../api/types';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';

/** How long after a campaign.updated the results table is fetched again (at most once in that time). */
const RESULTS_REFRESH_MS = 2000;

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  detail: (id: ID) => ['campaigns', 'detail', id] as const,
  recipients: (id: ID) => ['campaigns', 'recipients', id] as const,
  recipientsOf: (id: ID, status: RecipientStatus | '') => ['campaigns', 'recipients', id, status] as const,
  contact: (contactId: ID) => ['campaigns', 'contact', contactId] as const,
};

export function useCampaigns() {
  return useInfiniteQuery({
    queryKey: campaignKeys.list,
    queryFn: ({ pageParam }) => campaignsApi.list({ cursor: pageParam ?? undefined, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCampaign(id: ID) {
  return useQuery({ queryKey: campaignKeys.detail(id), queryFn: () => campaignsApi.get(id) });
}

export function useCampaignRecipients(id: ID, status: RecipientStatus | '') {
  return useInfiniteQuery({
    queryKey: campaignKeys.recipientsOf(id, status),
    queryFn: ({ pageParam }) => campaignsApi.recipients(id, status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useContactCampaignMessages(contactId: ID) {
  return useQuery({
    queryKey: campaignKeys.contact(contactId),
    queryFn: async () => (await campaignsApi.contactMessages(contactId)).items,
  });
}

/** Puts a changed campaign into the list and its detail at once. */
export function storeCampaign(queryClient: ReturnType<typeof useQueryClient>, campaign: Campaign) {
  queryClient.setQueryData<Campaign>(campaignKeys.detail(campaign.id), (old) => (old ? { ...old, ...campaign } : old));
  queryClient.setQueryData<InfiniteData<CampaignPage>>(campaignKeys.list, (list) =>
    list
      ? {
          ...list,
          pages: list.pages.map((page) => ({
            ...page,
            items: page.items.map((c) => (c.id === campaign.id ? { ...c, ...campaign } : c)),
          })),
        }
      : list,
  );
}

/**
 * Keeps campaigns live from campaign.updated events: the list and the
 * detail take the new status and counts; an unknown campaign (created in
 * another tab) refreshes the list.
 */
export function useLiveCampaigns() {
  const queryClient = useQueryClient();
  const pending = useRef(new Map<ID, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = pending.current;
    return () => timers.forEach(clearTimeout);
  }, []);
  useRealtimeEvent((event) => {
    if (event.type !== 'campaign.updated') return;
    const campaign = event.data as Campaign | undefined;
    if (!campaign || typeof campaign.id !== 'number') return;
    const list = queryClient.getQueryData<InfiniteData<CampaignPage>>(campaignKeys.list);
    const known = list?.pages.some((p) => p.items.some((c) => c.id === campaign.id));
    storeCampaign(queryClient, campaign);
    if (list && !known) void queryClient.invalidateQueries({ queryKey: campaignKeys.list });
    // Results move with the counts: the open table is fetched again once the
    // events pause for a moment, not at every one of them (a long table is many pages).
    if (!pending.current.has(campaign.id)) {
      pending.current.set(
        campaign.id,
        setTimeout(() => {
          pending.current.delete(campaign.id);
          void queryClient.invalidateQueries({ queryKey: campaignKeys.recipients(campaign.id) });
        }, RESULTS_REFRESH_MS),
      );
    }
  });
}

export function useSaveCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: ID | null; input: CampaignInput }) =>
      id === null ? campaignsApi.create(input) : campaignsApi.update(id, input),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignKeys.detail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}

export function useCampaignAction(id: ID) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: CampaignAction) => campaignsApi.act(id, action),
    onSuccess: (campaign) => {
      storeCampaign(queryClient, campaign);
      queryClient.setQueryData(campaignKeys.detail(id), campaign);
      return queryClient.invalidateQueries({ queryKey: campaignKeys.recipients(id) });
    },
  });
}

export function useDuplicateCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => campaignsApi.duplicate(id),
    onSuccess: (campaign) => {
      queryClient.setQueryData(campaignKeys.detail(campaign.id), campaign);
      return queryClient.invalidateQueries({ queryKey: campaignKeys.list });
    },
  });
}

export function useDeleteCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => campaignsApi.remove(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.list }),
  });
}

export function useUploadRecipients() {
  return useMutation({ mutationFn: (file: File) => campaignsApi.uploadRecipients(file) });
}

export function useUploadMedia() {
  return useMutation({ mutationFn: (file: File) => campaignsApi.uploadMedia(file) });
}
