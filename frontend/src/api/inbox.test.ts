import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse } from '../test/render';
import { ApiError } from './client';
import { inboxApi, mediaURL } from './inbox';

function mockFetch(response: Response) {
  const fn = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) => Promise.resolve(response));
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => vi.unstubAllGlobals());

describe('inbox api', () => {
  it('asks for conversations with the filter, leaving out "any" and empty values', async () => {
    const fetchMock = mockFetch(jsonResponse({ items: [], next: null }));
    await inboxApi.listConversations({ tab: 'mine', status: '', channelId: null, q: '  ' }, null);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/conversations?tab=mine&limit=30');

    const again = mockFetch(jsonResponse({ items: [], next: null }));
    await inboxApi.listConversations({ tab: 'all', status: 'open', channelId: 3, q: ' Erika ' }, 'abc', 10);
    expect(again.mock.calls[0]?.[0]).toBe(
      '/api/conversations?tab=all&status=open&channel_id=3&q=Erika&cursor=abc&limit=10',
    );
  });

  it('pages messages by id', async () => {
    const fetchMock = mockFetch(jsonResponse({ items: [] }));
    await inboxApi.listMessages(4, { after: 17, limit: 200 });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/conversations/4/messages?after=17&limit=200');
  });

  it('sends an attachment as a multipart form with the CSRF header', async () => {
    document.cookie = 'csrf_token=tok';
    const fetchMock = mockFetch(jsonResponse({ id: 9 }, 201));
    const file = new File(['%PDF'], 'offer.pdf', { type: 'application/pdf' });
    await inboxApi.sendAttachment(4, { file, body: 'Here it is', reply_to_id: 3 });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/conversations/4/messages');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    const form = init?.body as FormData;
    expect(form.get('file')).toBeInstanceOf(File);
    expect(form.get('body')).toBe('Here it is');
    expect(form.get('reply_to_id')).toBe('3');
  });

  it('turns a refused attachment into an ApiError with the envelope’s code and message', async () => {
    mockFetch(errorResponse(422, 'unsupported_media', 'WhatsApp does not accept this file type'));
    const file = new File(['x'], 'tool.exe', { type: 'application/x-msdownload' });
    const err = await inboxApi.sendAttachment(4, { file, body: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 422,
      code: 'unsupported_media',
      message: 'WhatsApp does not accept this file type',
    });
  });

  it('serves media through the authorised endpoint', () => {
    expect(mediaURL(12)).toBe('/api/messages/12/media');
  });
});
