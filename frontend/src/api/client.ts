// The one HTTP client of the app: every call to the Switchboard API goes
// through request(), which adds the CSRF header, sends the session cookie and
// turns the JSON error envelope into an ApiError.

/** Per-field messages of a failed request, keyed by request field name. */
export type FieldErrors = Record<string, string>;

/** An API failure: HTTP status plus the envelope's code, message and fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** Seconds from a Retry-After header (throttling), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

/** Status of a request that never got an HTTP answer. */
export const NETWORK_ERROR_STATUS = 0;

const CSRF_COOKIE = 'csrf_token';
const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query string values; undefined and null entries are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart form (uploads); the browser sets its Content-Type. */
  form?: FormData;
  signal?: AbortSignal;
}

/** Reads a cookie the server made readable to scripts (csrf_token). */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return null;
}

function buildURL(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds an ApiError from a non-2xx response, envelope or not. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): fall through.
  }
  const envelope = isRecord(payload) ? payload.error : undefined;
  if (isRecord(envelope) && typeof envelope.code === 'string') {
    const fields: FieldErrors = {};
    if (isRecord(envelope.fields)) {
      for (const [key, value] of Object.entries(envelope.fields)) {
        if (typeof value === 'string') fields[key] = value;
      }
    }
    const message = typeof envelope.message === 'string' ? envelope.message : res.statusText;
    return new ApiError(res.status, envelope.code, message, fields, retryAfter);
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`, {}, retryAfter);
}

/**
 * Sends one API request and returns the decoded JSON body (undefined for 204).
 * Throws ApiError for every failure, including network errors (status 0).
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal };
  if (options.form !== undefined) {
    init.body = options.form;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }

  let res: Response;
  try {
    res = await fetch(buildURL(path, options.query), init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(NETWORK_ERROR_STATUS, 'network_error', err instanceof Error ? err.message : String(err));
  }

  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
  putForm: <T>(path: string, form: FormData) => request<T>('PUT', path, { form }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
