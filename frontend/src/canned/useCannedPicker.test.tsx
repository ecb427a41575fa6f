import { useRef, useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CannedResponse } from '../api/desk';
import { SessionContext } from '../auth/session';
import { fakeApi, meOf } from '../test/fakeApi';
import { jsonResponse, renderWithApp } from '../test/render';
import { useCannedPicker } from './useCannedPicker';

afterEach(() => vi.unstubAllGlobals());

function canned(id: number, shortcode: string, text: string): CannedResponse {
  return {
    id,
    shortcode,
    text,
    attachment: null,
    placeholders: [],
    created_by: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

const ALL = [canned(1, 'hours', 'We open at 9, {{first_name}}.'), canned(2, 'hello', 'Hello {{name}}!')];

/** A bare composer: a textarea wired to the picker as the inbox's composer is. */
function Harness({ onSend }: { onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useCannedPicker({ conversationId: 7, textarea: ref, onText: setText });
  return (
    <div>
      {picker.popup}
      <textarea
        aria-label="Message"
        ref={ref}
        value={text}
        {...picker.inputProps}
        onChange={(e) => {
          setText(e.target.value);
          picker.onInput(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={(e) => {
          if (picker.onKeyDown(e)) return;
          if (e.key === 'Enter') {
            e.preventDefault();
            onSend(text);
          }
        }}
      />
      {picker.notice}
    </div>
  );
}

function setup(permissions = ['canned:read']) {
  const renders: string[] = [];
  fakeApi({
    'GET /api/canned-responses': (_body, url) => {
      const q = url.searchParams.get('q') ?? '';
      return jsonResponse({ items: ALL.filter((c) => c.shortcode.startsWith(q)), next: null });
    },
    'POST /api/conversations/7/canned-responses/1/render': () => {
      renders.push('hours');
      return jsonResponse({ text: 'We open at 9, Erika.', missing: [], attachment: null });
    },
    'POST /api/conversations/7/canned-responses/2/render': () => {
      renders.push('hello');
      return jsonResponse({ text: 'Hello !', missing: ['name'], attachment: null });
    },
  });
  const onSend = vi.fn();
  renderWithApp(
    <SessionContext.Provider value={meOf('agent', permissions)}>
      <Harness onSend={onSend} />
    </SessionContext.Provider>,
  );
  return { renders, onSend, input: screen.getByLabelText('Message') as HTMLTextAreaElement };
}

describe('the composer’s canned responses', { timeout: 15_000 }, () => {
  it('opens on "/" at the start of a word, searches as one types and inserts the rendered text', async () => {
    const { renders, onSend, input } = setup();
    const user = userEvent.setup();
    await user.type(input, 'Hi /');
    expect(await screen.findAllByTestId('canned-option')).toHaveLength(2);
    await user.type(input, 'hou');
    await waitFor(() => expect(screen.getAllByTestId('canned-option')).toHaveLength(1));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(input.value).toBe('Hi We open at 9, Erika.'));
    expect(renders).toEqual(['hours']);
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByTestId('canned-popup')).not.toBeInTheDocument();
  });

  it('moves with the arrow keys, picks with Tab and names placeholders without a value', async () => {
    const { renders, input } = setup();
    const user = userEvent.setup();
    await user.type(input, '/');
    await screen.findAllByTestId('canned-option');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Tab}');
    await waitFor(() => expect(input.value).toBe('Hello !'));
    expect(renders).toEqual(['hello']);
    expect(screen.getByTestId('canned-notice')).toHaveTextContent('No value for: name');
  });

  it('closes on Escape, and Enter then sends as usual', async () => {
    const { onSend, input } = setup();
    const user = userEvent.setup();
    await user.type(input, '/h');
    await screen.findAllByTestId('canned-option');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('canned-popup')).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('/h');
  });

  it('stays closed inside words and for users without canned:read', async () => {
    const { input } = setup([]);
    const user = userEvent.setup();
    await user.type(input, '/ho');
    expect(screen.queryByTestId('canned-popup')).not.toBeInTheDocument();
    await user.clear(input);
    await user.type(input, 'and/or');
    expect(screen.queryByTestId('canned-popup')).not.toBeInTheDocument();
  });
});
