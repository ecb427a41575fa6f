import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  contactsApi,
  type AccountSettings,
  type BulkAction,
  type BulkTarget,
  type ContactFilter,
  type ContactInput,
  type ImportOptions,
  type MergeRequest,
  type NewAttributeDef,
} from '../api/contacts';
import type { ID } from '../api/types';
import { groupKeys } from '../groups/queries';
import type { ColumnLayout } from '../ui/DataTable';

export const contactKeys = {
  all: ['contacts'] as const,
  list: (filter: ContactFilter, sort: string | undefined) => ['contacts', 'list', filter, sort ?? ''] as const,
  detail: (id: ID) => ['contacts', 'detail', id] as const,
  attributes: ['contact-attributes'] as const,
  import: (id: ID) => ['contact-imports', id] as const,
  preference: (key: string) => ['preferences', key] as const,
  accountSettings: ['account-settings'] as const,
};

/** How many contacts a page of the table asks for. */
export const PAGE_SIZE = 100;

/** The phone book, one keyset page after another, as filtered and sorted by the server. */
export function useContacts(filter: ContactFilter, sort: string | undefined) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(filter, sort),
    queryFn: ({ pageParam }) => contactsApi.list(filter, sort ?? '', pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: ID | null) {
  return useQuery({
    queryKey: contactKeys.detail(id ?? 0),
    queryFn: () => contactsApi.get(id!),
    enabled: id !== null,
  });
}

function useRefreshContacts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: contactKeys.all });
}

export function useSaveContact() {
  const refresh = useRefreshContacts();
  return useMutation({
    mutationFn: ({ id, input }: { id: ID | null; input: ContactInput }) =>
      id === null ? contactsApi.create(input) : contactsApi.update(id, input),
    onSuccess: refresh,
  });
}

export function useDeleteContact() {
  const refresh = useRefreshContacts();
  return useMutation({ mutationFn: (id: ID) => contactsApi.remove(id), onSuccess: refresh });
}

export function useBulkContacts() {
  const refresh = useRefreshContacts();
  return useMutation({
    mutationFn: ({ action, target, labelId }: { action: BulkAction; target: BulkTarget; labelId?: ID }) =>
      contactsApi.bulk(action, target, labelId),
    onSuccess: refresh,
  });
}

export function useMergeContacts() {
  const refresh = useRefreshContacts();
  return useMutation({ mutationFn: (req: MergeRequest) => contactsApi.merge(req), onSuccess: refresh });
}

/** The account's custom attributes, in their order. */
export function useAttributes() {
  return useQuery({
    queryKey: contactKeys.attributes,
    queryFn: () => contactsApi.attributes().then((res) => [...res.items].sort((a, b) => a.position - b.position)),
    staleTime: 60_000,
  });
}

export function useSaveAttribute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, def }: { id: ID | null; def: NewAttributeDef }) =>
      id === null ? contactsApi.createAttribute(def) : contactsApi.updateAttribute(id, def),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.attributes }),
  });
}

export function useDeleteAttribute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => contactsApi.deleteAttribute(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.attributes }),
  });
}

/** The preference key the contacts table keeps its columns under. */
export const COLUMNS_PREFERENCE = 'contacts.columns';

/** The user's column layout of the contacts table; null until they change it. */
export function useColumnLayout() {
  return useQuery({
    queryKey: contactKeys.preference(COLUMNS_PREFERENCE),
    queryFn: () => contactsApi.preference<ColumnLayout>(COLUMNS_PREFERENCE),
    staleTime: Infinity,
  });
}

/** Stores the layout for the user; the table follows at once. */
export function useSaveColumnLayout() {
  const queryClient = useQueryClient();
  const key = contactKeys.preference(COLUMNS_PREFERENCE);
  return useMutation({
    mutationFn: (layout: ColumnLayout) => contactsApi.setPreference(COLUMNS_PREFERENCE, layout),
    onMutate: (layout) => queryClient.setQueryData(key, layout),
  });
}

export function usePreviewImport() {
  return useMutation({ mutationFn: (file: File) => contactsApi.previewImport(file) });
}

export function useStartImport() {
  return useMutation({
    mutationFn: ({ file, options }: { file: File; options: ImportOptions }) => contactsApi.startImport(file, options),
  });
}

/** An import's progress, asked every second while it is queued or running. */
export function useImportProgress(id: ID | null) {
  const queryClient = useQueryClient();
  const refresh = useRefreshContacts();
  return useQuery({
    queryKey: contactKeys.import(id ?? 0),
    queryFn: async () => {
      const state = await contactsApi.getImport(id!);
      if (state.status === 'done') {
        void refresh();
        // An import into a group moves its members and figures.
        void queryClient.invalidateQueries({ queryKey: groupKeys.all });
      }
      return state;
    },
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 1000;
    },
  });
}

export function useAccountSettings() {
  return useQuery({ queryKey: contactKeys.accountSettings, queryFn: contactsApi.accountSettings, staleTime: 60_000 });
}

export function useUpdateAccountSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<AccountSettings>) => contactsApi.updateAccountSettings(change),
    onSuccess: (settings) => queryClient.setQueryData(contactKeys.accountSettings, settings),
  });
}
