import { api } from './client';
import type { ID, ApiToken, CreatedApiToken, NewApiToken } from './types';

export const tokensApi = {
  list: () => api.get<{ items: ApiToken[] }>('/api/tokens'),
  create: (token: NewApiToken) => api.post<CreatedApiToken>('/api/tokens', token),
  revoke: (id: ID) => api.delete(`/api/tokens/${id}`),
};
