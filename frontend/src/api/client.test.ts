import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse } from '../test/render';
import { ApiError, api, readCookie } from './client';

function mockFetch(response: Response | (() => Promise<Response>)) {
  const fn = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    typeof response === 'function' ? response() : Promise.resolve(response),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

function sentHeaders(fn: ReturnType<typeof mockFetch>, call = 0): Record<string, string> {
  return (fn.mock.calls[call]?.[1] as RequestInit).headers as Record<string, string>;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends the csrf_token cookie as X-CSRF-Token on state-changing requests', async () => {
    document.cookie = 'other=1';
    document.cookie = 'csrf_token=abc%2F123';
    for (const call of [
      () => api.post('/api/users', { name: 'x' }),
      () => api.patch('/api/users/1', { active: false }),
      () => api.put('/api/things/1', {}),
      () => api.delete('/api/tokens/1'),
    ]) {
      const fetchMock = mockFetch(jsonResponse({}));
      await call();
      expect(sentHeaders(fetchMock)['X-CSRF-Token']).toBe('abc/123');
      expect((fetchMock.mock.calls[0]?.[1] as RequestInit).credentials).toBe('same-origin');
    }
  });

  it('sends no CSRF header on GET, and sends the session cookie', async () => {
    document.cookie = 'csrf_token=abc';
    const fetchMock = mockFetch(jsonResponse({ items: [], next: null }));
    await api.get('/api/users', { query: { after: 'c1', limit: 20, empty: undefined } });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/users?after=c1&limit=20');
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(init.method).toBe('GET');
    expect(init.credentials).toBe('same-origin');
    expect(sentHeaders(fetchMock)['X-CSRF-Token']).toBeUndefined();
  });

  it('sends JSON bodies and decodes JSON answers', async () => {
    const fetchMock = mockFetch(jsonResponse({ id: '7' }, 201));
    const result = await api.post<{ id: string }>('/api/users', { email: 'a@b.c' });
    expect(result).toEqual({ id: '7' });
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(init.body).toBe('{"email":"a@b.c"}');
    expect(sentHeaders(fetchMock)['Content-Type']).toBe('application/json');
  });

  it('returns undefined for 204 No Content', async () => {
    mockFetch(new Response(null, { status: 204 }));
    await expect(api.delete('/api/tokens/1')).resolves.toBeUndefined();
  });

  it('parses the error envelope into an ApiError with its fields', async () => {
    mockFetch(
      errorResponse(422, 'validation_failed', 'validation failed', {
        email: 'must be a valid email',
        role: 'unknown role',
      }),
    );
    const error = await api.post('/api/users', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'validation failed',
      fields: { email: 'must be a valid email', role: 'unknown role' },
    });
  });

  it('reads Retry-After on throttled requests', async () => {
    mockFetch(
      jsonResponse({ error: { code: 'too_many_attempts', message: 'slow down' } }, 429, { 'Retry-After': '30' }),
    );
    const error = await api.post('/api/auth/login', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: 'too_many_attempts', retryAfter: 30, fields: {} });
  });

  it('turns a body that is no envelope into an ApiError named by status', async () => {
    mockFetch(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await api.get('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway' });
  });

  it('reports network failures as status 0', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await api.get('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('reads cookies by exact name', () => {
    document.cookie = 'xcsrf_token=wrong';
    document.cookie = 'csrf_token=right';
    expect(readCookie('csrf_token')).toBe('right');
    expect(readCookie('missing')).toBeNull();
  });
});
