// The server names field errors after the request's JSON paths
// ("credentials.app_secret", "senders.0.phone_number"); these helpers sort
// them to the inputs of the channel forms.
import type { FieldErrors } from '../../api/client';

export interface SenderErrors {
  phone_number?: string;
  provider_id?: string;
  name?: string;
}

export interface ChannelFormErrors {
  kind?: string;
  name?: string;
  base_url?: string;
  /** By credential key. */
  credentials: Record<string, string>;
  /** About the list as a whole ("add at least one sender number"). */
  senders?: string;
  /** By row index. */
  senderRows: Record<number, SenderErrors>;
}

const SENDER_FIELDS = new Set(['phone_number', 'provider_id', 'name']);

/** Sorts the field errors of POST/PATCH /api/channels to the form's inputs. */
export function channelFormErrors(fields: FieldErrors): ChannelFormErrors {
  const out: ChannelFormErrors = { credentials: {}, senderRows: {} };
  for (const [key, message] of Object.entries(fields)) {
    const parts = key.split('.');
    if (parts.length === 1 && (key === 'kind' || key === 'name' || key === 'base_url' || key === 'senders')) {
      out[key] = message;
    } else if (parts[0] === 'credentials' && parts.length === 2) {
      out.credentials[parts[1]!] = message;
    } else if (
      parts[0] === 'senders' &&
      parts.length === 3 &&
      /^\d+$/.test(parts[1]!) &&
      SENDER_FIELDS.has(parts[2]!)
    ) {
      const row = Number(parts[1]);
      out.senderRows[row] = { ...out.senderRows[row], [parts[2]!]: message };
    }
  }
  return out;
}

/** The keys channelFormErrors places at an input, for a form with these credentials and rows. */
export function channelFormFields(credentialKeys: readonly string[], rows: number): string[] {
  const keys = ['kind', 'name', 'base_url', 'senders', ...credentialKeys.map((k) => `credentials.${k}`)];
  for (let i = 0; i < rows; i += 1) keys.push(...[...SENDER_FIELDS].map((f) => `senders.${i}.${f}`));
  return keys;
}

/**
 * Errors of POST /api/channels/{id}/senders: "sender.phone_number" for bad
 * input, plain "phone_number"/"provider_id" when the number is taken.
 */
export function senderErrors(fields: FieldErrors): SenderErrors {
  const out: SenderErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const field = key.startsWith('sender.') ? key.slice('sender.'.length) : key;
    if (SENDER_FIELDS.has(field)) out[field as keyof SenderErrors] = message;
  }
  return out;
}

export const SENDER_FORM_FIELDS = [
  'phone_number',
  'provider_id',
  'name',
  'sender.phone_number',
  'sender.provider_id',
  'sender.name',
];
