import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  templatesApi,
  type NewConversation,
  type SMSTemplateInput,
  type TemplateFilter,
  type TemplateSend,
} from '../api/templates';
import type { ID } from '../api/types';
import { applyMessages, inboxKeys } from '../inbox/queries';

export const templatesQueryKey = ['templates'] as const;
export const smsTemplatesQueryKey = ['sms-templates'] as const;

/** WhatsApp templates (and the last sync of each channel). */
export function useTemplates(filter: TemplateFilter = {}, enabled = true) {
  return useQuery({
    queryKey: [...templatesQueryKey, filter],
    queryFn: () => templatesApi.list(filter),
    enabled,
  });
}

/** Approved templates of one channel: what can be sent there. */
export function useSendableTemplates(channelId: ID | undefined) {
  return useTemplates({ channel_id: channelId, status: 'APPROVED' }, channelId !== undefined);
}

export function useSyncTemplates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channelId: ID) => templatesApi.sync(channelId),
    // A failed sync is recorded too, so the list refreshes either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: templatesQueryKey }),
  });
}

export function useSendTemplate(conversationId: ID) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (send: TemplateSend) => templatesApi.send(conversationId, send),
    onSuccess: (message) => applyMessages(queryClient, conversationId, [message]),
  });
}

export function useStartConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (start: NewConversation) => templatesApi.startConversation(start),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists }),
  });
}

export function useSMSTemplates(enabled = true) {
  return useQuery({
    queryKey: smsTemplatesQueryKey,
    queryFn: () => templatesApi.listSMS().then((res) => res.items),
    enabled,
  });
}

export function useSaveSMSTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: ID; input: SMSTemplateInput }) =>
      id === undefined ? templatesApi.createSMS(input) : templatesApi.updateSMS(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsTemplatesQueryKey }),
  });
}

export function useDeleteSMSTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: ID) => templatesApi.deleteSMS(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: smsTemplatesQueryKey }),
  });
}

export function useRenderSMSTemplate(conversationId: ID) {
  return useMutation({ mutationFn: (templateId: ID) => templatesApi.renderSMS(conversationId, templateId) });
}
