import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  consentApi,
  type ConsentChannelKind,
  type ConsentFilter,
  type ConsentInput,
  type ConsentSettings,
} from '../api/consent';

export const consentKeys = {
  all: ['consents'] as const,
  list: (filter: ConsentFilter) => ['consents', 'list', filter] as const,
  history: (number: string) => ['consents', 'history', number] as const,
  settings: ['consent-settings'] as const,
};

export const PAGE_SIZE = 100;

/** The consent records, newest change first, one keyset page after another. */
export function useConsents(filter: ConsentFilter) {
  return useInfiniteQuery({
    queryKey: consentKeys.list(filter),
    queryFn: ({ pageParam }) => consentApi.list(filter, pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useConsentHistory(number: string) {
  return useQuery({ queryKey: consentKeys.history(number), queryFn: () => consentApi.history(number) });
}

/** After a change the list, histories, contacts (their badges) and group figures are stale. */
function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: consentKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
      queryClient.invalidateQueries({ queryKey: ['groups'] }),
    ]);
}

export function useSetConsent() {
  const refresh = useRefreshAfterChange();
  return useMutation({ mutationFn: (input: ConsentInput) => consentApi.set(input), onSuccess: refresh });
}

export function useRevokeConsent() {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: ({
      number,
      channelKind,
      reason,
    }: {
      number: string;
      channelKind: ConsentChannelKind;
      reason: string;
    }) => consentApi.revoke(number, channelKind, reason),
    onSuccess: refresh,
  });
}

export function useConsentSettings() {
  return useQuery({ queryKey: consentKeys.settings, queryFn: consentApi.settings });
}

export function useSaveConsentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<ConsentSettings>) => consentApi.updateSettings(change),
    onSuccess: (saved) => queryClient.setQueryData(consentKeys.settings, saved),
  });
}
