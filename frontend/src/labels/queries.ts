import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deskApi, type Label, type LabelChange, type NewLabel } from '../api/desk';
import type { ConversationDetail } from '../api/inbox';
import type { ID } from '../api/types';
import { useSession } from '../auth/session';
import { applyConversation, inboxKeys } from '../inbox/queries';

export const labelKeys = {
  all: ['labels'] as const,
  list: ['labels', 'list'] as const,
  contact: (contactId: ID) => ['labels', 'contact', contactId] as const,
};

/** The account's labels, by name. */
export function useLabels(enabled = true) {
  return useQuery({
    queryKey: labelKeys.list,
    queryFn: () => deskApi.listLabels().then((res) => res.items),
    staleTime: 60_000,
    enabled,
  });
}

/** A label changed or went away: the labels and the conversations showing it are fetched again. */
function useRefreshLabelled() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: labelKeys.all });
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
  };
}

export function useCreateLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (label: NewLabel) => deskApi.createLabel(label),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelKeys.list }),
  });
}

export function useUpdateLabel() {
  const refresh = useRefreshLabelled();
  return useMutation({
    mutationFn: ({ id, change }: { id: ID; change: LabelChange }) => deskApi.updateLabel(id, change),
    onSuccess: refresh,
  });
}

export function useDeleteLabel() {
  const refresh = useRefreshLabelled();
  return useMutation({
    mutationFn: (id: ID) => deskApi.deleteLabel(id),
    onSuccess: refresh,
  });
}

/** Adds or removes a label on a conversation; the answer goes into every cached list and the detail. */
export function useConversationLabel(conversationId: ID) {
  const queryClient = useQueryClient();
  const me = useSession();
  return useMutation({
    mutationFn: ({ labelId, add }: { labelId: ID; add: boolean }) =>
      add
        ? deskApi.labelConversation<ConversationDetail>(conversationId, labelId)
        : deskApi.unlabelConversation<ConversationDetail>(conversationId, labelId),
    onSuccess: (detail) => applyConversation(queryClient, detail, me.user.id),
  });
}

export function useContactLabels(contactId: ID) {
  return useQuery({
    queryKey: labelKeys.contact(contactId),
    queryFn: () => deskApi.contactLabels(contactId).then((res) => res.items),
  });
}

/** Adds or removes a label on a contact. */
export function useContactLabel(contactId: ID) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ labelId, add }: { labelId: ID; add: boolean }) =>
      add ? deskApi.labelContact(contactId, labelId) : deskApi.unlabelContact(contactId, labelId),
    onSuccess: (res) => queryClient.setQueryData<Label[]>(labelKeys.contact(contactId), res.items),
  });
}
