import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SessionContext } from '../auth/session';
import { ADMIN_PERMISSIONS, AGENT_PERMISSIONS, fakeApi, meOf } from '../test/fakeApi';
import { errorResponse, jsonResponse, renderWithApp } from '../test/render';
import { ContactCampaignMessages } from './ContactCampaignMessages';

function renderAs(permissions: string[]) {
  return renderWithApp(
    <SessionContext.Provider value={meOf('admin', permissions)}>
      <ContactCampaignMessages contactId={9} />
    </SessionContext.Provider>,
  );
}

describe('campaign messages on the contact', () => {
  it('lists each campaign send with its status, reply and text', async () => {
    fakeApi({
      'GET /api/contacts/9/campaign-messages': () =>
        jsonResponse({
          items: [
            {
              campaign_id: 7,
              campaign_name: 'Spring sale',
              channel_kind: 'whatsapp_cloud',
              number: '+4915100000001',
              status: 'sent',
              reason: '',
              sent_at: '2026-03-01T09:00:06Z',
              delivered_at: '2026-03-01T09:00:07Z',
              read_at: null,
              replied_at: '2026-03-01T09:10:00Z',
              body: 'Hallo Erika, Ihre Bestellung A-1 ist unterwegs.',
            },
            {
              campaign_id: 8,
              campaign_name: 'Winter',
              channel_kind: 'sms_twilio',
              number: '+4915100000001',
              status: 'excluded',
              reason: 'opted_out',
              sent_at: null,
              delivered_at: null,
              read_at: null,
              replied_at: null,
              body: '',
            },
          ],
        }),
    });
    renderAs(ADMIN_PERMISSIONS);
    const section = await screen.findByTestId('contact-campaign-messages');
    expect(section).toHaveTextContent('Campaign messages (2)');
    const [sent, excluded] = screen.getAllByTestId('contact-campaign-message');
    expect(sent).toHaveTextContent('Spring sale');
    expect(sent).toHaveTextContent('Replied');
    expect(sent).toHaveTextContent('Ihre Bestellung A-1');
    expect(screen.getByRole('link', { name: 'Spring sale' })).toHaveAttribute('href', '/campaigns/7');
    expect(excluded).toHaveTextContent('Excluded');
    expect(excluded).toHaveTextContent('Opted out');
  });

  it('shows nothing to users without campaigns:read, or when nothing was sent', async () => {
    const fetchMock = fakeApi({
      'GET /api/contacts/9/campaign-messages': () => errorResponse(403, 'forbidden', 'no'),
    });
    renderAs(AGENT_PERMISSIONS);
    expect(screen.queryByTestId('contact-campaign-messages')).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
