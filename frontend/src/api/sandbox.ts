// The sandbox phone: the built-in provider whose "customer" is a page of the
// app. Directions in these documents are the business's view: "in" is what
// the customer (the phone) sent.
import { api } from './client';
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
    return api.postForm<PhoneSent>('/api/sandbox/messages', form);
  },
  /** Reports, as the phone, every business message of the thread read. */
  read: (number: string) => api.post<void>('/api/sandbox/read', { number }),
  mediaURL: (messageId: ID) => `/api/sandbox/media/${messageId}`,
};
