import { api } from './client';
import type { Channel, ChannelChange, ChannelSender, ID, NewChannel, NewSender, Page } from './types';

export const channelsApi = {
  list: () => api.get<Page<Channel>>('/api/channels'),
  create: (channel: NewChannel) => api.post<Channel>('/api/channels', channel),
  update: (id: ID, change: ChannelChange) => api.patch<Channel>(`/api/channels/${id}`, change),
  addSender: (channelId: ID, sender: NewSender) =>
    api.post<ChannelSender>(`/api/channels/${channelId}/senders`, sender),
  /** Refused with 409 while conversations use the number. */
  removeSender: (channelId: ID, senderId: ID) => api.delete(`/api/channels/${channelId}/senders/${senderId}`),
};
