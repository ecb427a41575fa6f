import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { appointmentReminder, orderUpdate } from './fixtures';
import { SendTemplateDialog } from './SendTemplateDialog';

afterEach(() => vi.unstubAllGlobals());

describe('send template dialog', () => {
  it(
    'fills the variables with a live preview, shows the server’s field errors and sends',
    { timeout: 20_000 },
    async () => {
      const sent: unknown[] = [];
      fakeApi({
        'GET /api/templates': (_, url) => {
          expect(url.searchParams.get('channel_id')).toBe('1');
          expect(url.searchParams.get('status')).toBe('APPROVED');
          return jsonResponse({ items: [appointmentReminder, orderUpdate], syncs: [] });
        },
        'POST /api/conversations/7/templates': (body) => {
          sent.push(body);
          if (sent.length === 1) {
            return errorResponse(422, 'template_parameters', 'the values do not fit the template (1 problem(s))', {
              'body.2': 'is required',
            });
          }
          return jsonResponse({ id: 99, conversation_id: 7, kind: 'template', body: 'x', status: 'queued' }, 201);
        },
      });
      const onClose = vi.fn();
      renderWithApp(<SendTemplateDialog conversationId={7} channelId={1} contactName="Anna" onClose={onClose} />);
      const user = userEvent.setup();
      const dialog = await screen.findByRole('dialog', { name: 'Send a template to Anna' });

      await user.selectOptions(await within(dialog).findByLabelText('Template'), 'order_update (de)');
      const preview = within(dialog).getByTestId('template-preview');
      expect(preview).toHaveTextContent('Hallo {{1}}, Ihre Bestellung {{2}} ist unterwegs.');
      await user.type(within(dialog).getByLabelText('Text {{1}}'), 'Anna');
      expect(preview).toHaveTextContent('Hallo Anna, Ihre Bestellung {{2}} ist unterwegs.');
      expect(preview).toHaveTextContent('Switchboard Demo');

      await user.click(within(dialog).getByRole('button', { name: 'Send template' }));
      expect(await within(dialog).findByText('is required')).toBeInTheDocument();
      expect(within(dialog).getByLabelText('Text {{2}}')).toHaveAttribute('aria-invalid', 'true');
      expect(onClose).not.toHaveBeenCalled();

      await user.type(within(dialog).getByLabelText('Text {{2}}'), 'A-1042');
      await user.click(within(dialog).getByRole('button', { name: 'Send template' }));
      await waitFor(() => expect(onClose).toHaveBeenCalled());
      expect(sent).toEqual([
        { template_id: 11, parameters: { body: ['Anna', ''] } },
        { template_id: 11, parameters: { body: ['Anna', 'A-1042'] } },
      ]);
    },
  );

  it('asks for the header image link of a named template', async () => {
    fakeApi({ 'GET /api/templates': () => jsonResponse({ items: [appointmentReminder], syncs: [] }) });
    renderWithApp(<SendTemplateDialog conversationId={7} channelId={1} contactName="Anna" onClose={() => {}} />);
    const user = userEvent.setup();
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(await within(dialog).findByLabelText('Template'), 'appointment_reminder (de)');
    expect(within(dialog).getByLabelText('Header image (link)')).toHaveAttribute('type', 'url');
    expect(within(dialog).getByLabelText('Text {{first_name}}')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Button “Absagen”: reply payload/)).toBeInTheDocument();
  });

  it('says so when the channel has no approved template', async () => {
    fakeApi({ 'GET /api/templates': () => jsonResponse({ items: [], syncs: [] }) });
    renderWithApp(<SendTemplateDialog conversationId={7} channelId={1} contactName="Anna" onClose={() => {}} />);
    expect(await screen.findByTestId('send-template-empty')).toHaveTextContent('no approved templates');
  });
});
