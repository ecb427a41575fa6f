import { describe, expect, it } from 'vitest';
import type { WhatsAppTemplate } from '../api/templates';
import { orderUpdate } from '../templates/fixtures';
import { emptyDraft, fromCampaign, previewInput, toInput, validate, type CampaignDraft } from './draft';
import { campaignOf, sandboxChannel, smsChannel } from './testData';

const storeLocation: WhatsAppTemplate = {
  ...orderUpdate,
  id: 13,
  name: 'store_location',
  components: [{ type: 'HEADER', format: 'LOCATION' }, ...orderUpdate.components],
};

const draftOf = (change: Partial<CampaignDraft>): CampaignDraft => ({
  ...emptyDraft(),
  name: 'Sale',
  numbersText: '+436601234567',
  ...change,
});

describe('campaign form checks', () => {
  it('names SMS problems by field', () => {
    const now = new Date('2026-06-01T10:00:00Z');
    expect(validate(draftOf({ body: '' }), smsChannel, null, true, now)).toEqual({
      'content.body': 'campaigns.errors.bodyRequired',
    });
    expect(validate(draftOf({ body: 'x'.repeat(1601) }), smsChannel, null, true, now)).toEqual({
      'content.body': 'campaigns.errors.bodyTooLong',
    });
    expect(validate(draftOf({ body: 'Hi', mms: true }), smsChannel, null, true, now)).toEqual({
      'content.media_id': 'campaigns.errors.mediaRequired',
    });
  });

  it('asks for a location header with coordinates, name and address', () => {
    const base = draftOf({ templateId: 13, templateValues: { 'body.1': 'A', 'body.2': 'B' } });
    expect(validate(base, sandboxChannel, storeLocation, true)).toEqual({
      'content.location': 'campaigns.errors.locationRequired',
    });
    const located = {
      ...base,
      location: { mapsUrl: '', latitude: '48.2', longitude: '16.37', name: 'Shop', address: '' },
    };
    expect(validate(located, sandboxChannel, storeLocation, true)).toEqual({
      'content.location': 'campaigns.errors.locationNameAddress',
    });
    const full = { ...located, location: { ...located.location, address: 'Graben 1, Wien' } };
    expect(validate(full, sandboxChannel, storeLocation, true)).toEqual({});
    expect(toInput(full, sandboxChannel, storeLocation, true).content).toEqual({
      template_id: 13,
      parameters: { body: ['A', 'B'] },
      location: { latitude: 48.2, longitude: 16.37, name: 'Shop', address: 'Graben 1, Wien' },
    });
  });

  it('reads a scheduled campaign back into the form and sends it unchanged', () => {
    const scheduled = campaignOf({
      status: 'scheduled',
      send_at: '2026-12-24T08:30:00Z',
      time_zone: 'Europe/Vienna',
      recipients: {
        numbers: ['+436601234567'],
        group_ids: [3],
        contacts: { status: 'active' },
        number_type: 'whatsapp',
      },
      content: { template_id: 11, parameters: { body: ['{{first_name}}', 'A-1'] } },
      route: { user_id: 4 },
      track_links: true,
    });
    const draft = fromCampaign(scheduled);
    expect(draft).toMatchObject({ when: 'scheduled', date: '2026-12-24', time: '09:30', phoneBook: 'filtered' });
    expect(toInput(draft, sandboxChannel, orderUpdate, true)).toEqual({
      name: 'Spring sale',
      channel_id: 1,
      sender_id: 5,
      recipients: {
        numbers: ['+436601234567'],
        group_ids: [3],
        contacts: { status: 'active' },
        number_type: 'whatsapp',
      },
      content: { template_id: 11, parameters: { body: ['{{first_name}}', 'A-1'] } },
      send_at: '2026-12-24T08:30:00.000Z',
      time_zone: 'Europe/Vienna',
      draft: false,
      mode: 'session',
      route: { user_id: 4 },
      track_links: true,
    });
  });

  it('counts before the content is written, with stand-ins the count does not depend on', () => {
    const input = previewInput(draftOf({ name: '', mode: 'session', routeId: 1 }), sandboxChannel, [orderUpdate], true);
    expect(input).toMatchObject({
      recipients: { numbers: ['+436601234567'] },
      content: { template_id: 11, parameters: { body: ['-', '-'] } },
      mode: 'direct',
      route: {},
      draft: true,
    });
    expect(previewInput(draftOf({ numbersText: '' }), sandboxChannel, [orderUpdate], true)).toBeNull();
  });
});
