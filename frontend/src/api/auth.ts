import { api } from './client';
import type { LoginResult, Me } from './types';

export const authApi = {
  login: (email: string, password: string) => api.post<LoginResult>('/api/auth/login', { email, password }),
  logout: () => api.post<void>('/api/auth/logout'),
  me: () => api.get<Me>('/api/me'),
};
