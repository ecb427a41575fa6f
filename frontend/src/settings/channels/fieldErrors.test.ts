import { describe, expect, it } from 'vitest';
import { channelFormErrors, channelFormFields, senderErrors } from './fieldErrors';

describe('channel form field errors', () => {
  it('sorts the envelope’s fields to the inputs they belong to', () => {
    expect(
      channelFormErrors({
        name: 'is required',
        base_url: 'must be an http(s) URL',
        'credentials.app_secret': 'is required',
        'credentials.verify_token': 'is required',
        senders: 'add at least one sender number',
        'senders.0.provider_id': 'is required (the phone-number id from Meta)',
        'senders.2.phone_number': 'is not a valid phone number',
        'senders.2.name': 'is too long',
        phone_number: 'this number is already a sender of the channel',
      }),
    ).toEqual({
      name: 'is required',
      base_url: 'must be an http(s) URL',
      credentials: { app_secret: 'is required', verify_token: 'is required' },
      senders: 'add at least one sender number',
      senderRows: {
        0: { provider_id: 'is required (the phone-number id from Meta)' },
        2: { phone_number: 'is not a valid phone number', name: 'is too long' },
      },
    });
  });

  it('lists exactly the keys the form shows, so anything else goes to the alert', () => {
    const fields = channelFormFields(['access_token', 'app_secret'], 2);
    expect(fields).toContain('credentials.app_secret');
    expect(fields).toContain('senders.1.provider_id');
    expect(fields).not.toContain('senders.2.phone_number');
    expect(fields).not.toContain('phone_number');
  });

  it('reads the add-sender errors with and without the "sender." prefix', () => {
    expect(senderErrors({ 'sender.provider_id': 'is required', phone_number: 'already a sender' })).toEqual({
      provider_id: 'is required',
      phone_number: 'already a sender',
    });
  });
});
