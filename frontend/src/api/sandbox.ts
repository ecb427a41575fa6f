// The sandbox phone: the built-in provider whose "customer" is a page of the
// app. Directions in these documents are the business's view: "in" is what
// the customer (the phone) sent.
import { ApiError, NETWORK_ERROR_STATUS, api, errorFromResponse, readCookie } from './client';
import type { Message } from './inbox';
import type { ChannelSender, ID } from './types';

/** GET /api/sandbox: the account's sandbox channel (404 no_sandbox without one). */
export interface SandboxInfo {
  channel_id: ID;
  name: string;
  senders: ChannelSender[];
}

/** A message between the phone and the business: the inbox's Message, from the business's view. */
export type SandboxMessage = Message;

interface PhoneSender {
  /** The customer's number, E.164. */
  from: string;
  /** The customer's profile name. */
  name: string;
  /** Which business number to write to; the first one when left out. */
  sender_id?: ID;
}

export type PhoneText = PhoneSender & { type: 'text'; text: string };
export type PhoneLocation = PhoneSender & { type: 'location'; latitude: number; longitude: number; place?: string };
export type PhoneImage = PhoneSender & { file: File; caption?: string };

/** Answer of POST /api/sandbox/messages: the id the message gets in the thread. */
export interface PhoneSent {
  provider_message_id: string;
}

const CSRF_COOKIE = 'csrf_token';

/** Posts a multipart form (with the CSRF header) and decodes the JSON answer. */
async function postForm<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = readCookie(CSRF_COOKIE);
  if (token) headers['X-CSRF-Token'] = token;
  let res: Response;
  try {
    // No Content-Type: the browser sets the multipart boundary.
    res = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as T;
}

export const sandboxApi = {
  info: () => api.get<SandboxInfo>('/api/sandbox'),
  /** The thread of one customer number, oldest first; private notes never appear. */
  thread: (number: string, signal?: AbortSignal) =>
    api.get<{ items: SandboxMessage[] }>('/api/sandbox/messages', { query: { number }, signal }),
  send: (message: PhoneText | PhoneLocation) => api.post<PhoneSent>('/api/sandbox/messages', message),
  sendImage: ({ file, caption, from, name, sender_id }: PhoneImage) => {
    const form = new FormData();
    form.set('from', from);
    form.set('name', name);
    if (caption) form.set('text', caption);
    if (sender_id !== undefined) form.set('sender_id', String(sender_id));
    form.set('file', file, file.name);
    return postForm<PhoneSent>('/api/sandbox/messages', form);
  },
  /** Reports, as the phone, every business message of the thread read. */
  read: (number: string) => api.post<void>('/api/sandbox/read', { number }),
  mediaURL: (messageId: ID) => `/api/sandbox/media/${messageId}`,
};
