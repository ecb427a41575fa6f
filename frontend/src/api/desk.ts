// The desk's helpers around conversations: canned responses and labels.
// Shapes are as the server sends them.

import { ApiError, NETWORK_ERROR_STATUS, api, errorFromResponse } from './client';
import type { ID, Page } from './types';

/** The file a canned response sends along with its text. */
export interface CannedAttachment {
  mime: string;
  size: number;
  filename: string;
}

export interface CannedResponse {
  id: ID;
  /** 1–32 characters of a-z, 0-9, _ and -; typed after "/" in the composer. */
  shortcode: string;
  text: string;
  attachment: CannedAttachment | null;
  /** The {{…}} placeholders the text uses. */
  placeholders: string[];
  created_by: ID | null;
  created_at: string;
  updated_at: string;
}

export interface NewCannedResponse {
  shortcode: string;
  text: string;
}

export type CannedResponseChange = Partial<NewCannedResponse>;

/** A canned response filled in for one conversation's contact. */
export interface RenderedCanned {
  text: string;
  /** Placeholders the contact has no value for; left empty in text. */
  missing: string[];
  attachment: CannedAttachment | null;
}

/** A label as conversations and contacts carry it. */
export interface LabelRef {
  id: ID;
  name: string;
  /** #rrggbb */
  color: string;
}

export interface Label extends LabelRef {
  created_at: string;
}

export interface NewLabel {
  name: string;
  color: string;
}

export type LabelChange = Partial<NewLabel>;

/** The longest shortcode and text the server accepts. */
export const MAX_SHORTCODE = 32;
export const MAX_CANNED_TEXT = 4096;
export const SHORTCODE_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/** Where a canned response's file is served from (authorised by the session cookie). */
export function cannedAttachmentURL(id: ID): string {
  return `/api/canned-responses/${id}/attachment`;
}


export const deskApi = {
  listCanned: (params: { q?: string; limit?: number; after?: string | null } = {}) =>
    api.get<Page<CannedResponse>>('/api/canned-responses', {
      query: { q: params.q || undefined, limit: params.limit, after: params.after ?? undefined },
    }),
  createCanned: (canned: NewCannedResponse) => api.post<CannedResponse>('/api/canned-responses', canned),
  updateCanned: (id: ID, change: CannedResponseChange) =>
    api.patch<CannedResponse>(`/api/canned-responses/${id}`, change),
  deleteCanned: (id: ID) => api.delete(`/api/canned-responses/${id}`),
  setCannedAttachment: (id: ID, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.putForm<CannedResponse>(cannedAttachmentURL(id), form);
  },
  removeCannedAttachment: (id: ID) => api.delete<CannedResponse>(cannedAttachmentURL(id)),
  /** Downloads a canned response's file so the composer can send it like any attachment. */
  fetchCannedAttachment: async (id: ID, attachment: CannedAttachment): Promise<File> => {
    let res: Response;
    try {
      res = await fetch(cannedAttachmentURL(id), { credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', err instanceof Error ? err.message : String(err));
    }
    if (!res.ok) throw await errorFromResponse(res);
    return new File([await res.blob()], attachment.filename, { type: attachment.mime });
  },
  renderCanned: (conversationId: ID, cannedId: ID) =>
    api.post<RenderedCanned>(`/api/conversations/${conversationId}/canned-responses/${cannedId}/render`),

  listLabels: () => api.get<{ items: Label[] }>('/api/labels'),
  createLabel: (label: NewLabel) => api.post<Label>('/api/labels', label),
  updateLabel: (id: ID, change: LabelChange) => api.patch<Label>(`/api/labels/${id}`, change),
  deleteLabel: (id: ID) => api.delete(`/api/labels/${id}`),
  /** Both answer the conversation as GET /api/conversations/{id} does. */
  labelConversation: <T>(conversationId: ID, labelId: ID) =>
    api.post<T>(`/api/conversations/${conversationId}/labels`, { label_id: labelId }),
  unlabelConversation: <T>(conversationId: ID, labelId: ID) =>
    api.delete<T>(`/api/conversations/${conversationId}/labels/${labelId}`),
  contactLabels: (contactId: ID) => api.get<{ items: Label[] }>(`/api/contacts/${contactId}/labels`),
  labelContact: (contactId: ID, labelId: ID) =>
    api.post<{ items: Label[] }>(`/api/contacts/${contactId}/labels`, { label_id: labelId }),
  unlabelContact: (contactId: ID, labelId: ID) =>
    api.delete<{ items: Label[] }>(`/api/contacts/${contactId}/labels/${labelId}`),
};
