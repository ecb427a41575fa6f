import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse } from '../test/render';
import { ApiError } from './client';
import { sandboxApi } from './sandbox';

afterEach(() => vi.unstubAllGlobals());

describe('sandbox api', () => {
  it('asks for the thread of a number, with the plus encoded', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse({ items: [] }));
    vi.stubGlobal('fetch', fetchMock);
    await sandboxApi.thread('+4915112345678');
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/sandbox/messages?number=%2B4915112345678');
  });

  it('sends an image as a multipart form with the CSRF header', async () => {
    document.cookie = 'csrf_token=tok';
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) =>
      jsonResponse({ provider_message_id: 'sbx.in.1' }, 202),
    );
    vi.stubGlobal('fetch', fetchMock);
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'photo.jpg', { type: 'image/jpeg' });
    const sent = await sandboxApi.sendImage({
      from: '+4915112345678',
      name: 'Kim',
      file,
      caption: 'Look',
      sender_id: 3,
    });

    expect(sent).toEqual({ provider_message_id: 'sbx.in.1' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/sandbox/messages');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    const form = init.body as FormData;
    expect(form.get('from')).toBe('+4915112345678');
    expect(form.get('name')).toBe('Kim');
    expect(form.get('text')).toBe('Look');
    expect(form.get('sender_id')).toBe('3');
    expect((form.get('file') as File).name).toBe('photo.jpg');
  });

  it('turns a refused upload into an ApiError with its fields', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        errorResponse(422, 'unsupported_media', 'the phone sends JPEG or PNG images', {
          file: 'must be a JPEG or PNG image',
        }),
      ),
    );
    const file = new File(['x'], 'a.gif', { type: 'image/gif' });
    const err = await sandboxApi.sendImage({ from: '+4915112345678', name: '', file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fields).toEqual({ file: 'must be a JPEG or PNG image' });
  });
});
