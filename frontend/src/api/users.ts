import { api } from './client';
import type { ID, NewUser, Page, User, UserChange } from './types';

export const usersApi = {
  list: (params: { after?: string | null; limit?: number } = {}) =>
    api.get<Page<User>>('/api/users', { query: { after: params.after, limit: params.limit } }),
  create: (user: NewUser) => api.post<User>('/api/users', user),
  update: (id: ID, change: UserChange) => api.patch<User>(`/api/users/${id}`, change),
};
