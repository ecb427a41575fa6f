import { vi } from 'vitest';
import type { Me } from '../api/types';
import { errorResponse } from './render';

type Handler = (body: unknown, url: URL) => Response | Promise<Response>;

/**
 * Replaces fetch with a small router: keys are "METHOD /path" (no query).
 * Unknown routes answer 404 in the API's envelope.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const handler = routes[`${method} ${url.pathname}`];
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    return handler ? handler(body, url) : errorResponse(404, 'not_found', `${method} ${url.pathname} not found`);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export const ADMIN_PERMISSIONS = [
  'users:read',
  'users:write',
  'tokens:read',
  'tokens:write',
  'conversations:read',
  'contacts:read',
  'campaigns:read',
  'stats:read',
];
export const AGENT_PERMISSIONS = ['conversations:read', 'conversations:write', 'contacts:read', 'channels:read'];

export function meOf(role: Me['role'], permissions: string[]): Me {
  return {
    user: { id: 1, email: `${role}@demo.test`, name: role === 'admin' ? 'Ada Admin' : 'Alex Agent' },
    account: { id: 1, name: 'Demo GmbH' },
    role,
    extension: role === 'agent' ? '101' : null,
    permissions,
  };
}
