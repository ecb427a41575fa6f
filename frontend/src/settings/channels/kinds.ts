// What each channel kind needs: its credentials (as the server names them)
// and whether its sender numbers need the provider's id.
import type { ChannelKind } from '../../api/types';

export type CredentialKey =
  'access_token' | 'app_secret' | 'verify_token' | 'waba_id' | 'account_sid' | 'auth_token' | 'messaging_service_sid';

export interface CredentialSpec {
  key: CredentialKey;
  required: boolean;
  /** Typed into a password field: nobody needs to read it back. */
  secret: boolean;
}

export const CREDENTIALS: Record<ChannelKind, CredentialSpec[]> = {
  whatsapp_cloud: [
    { key: 'access_token', required: true, secret: true },
    { key: 'app_secret', required: true, secret: true },
    // Chosen by the administrator and typed again at Meta, so it stays readable.
    { key: 'verify_token', required: true, secret: false },
    { key: 'waba_id', required: false, secret: false },
  ],
  sms_twilio: [
    { key: 'account_sid', required: true, secret: false },
    { key: 'auth_token', required: true, secret: true },
    { key: 'messaging_service_sid', required: false, secret: false },
  ],
  sandbox: [],
};

/** Kinds talking to an outside provider: they have a base URL and a webhook. */
export function isProviderKind(kind: ChannelKind): boolean {
  return kind !== 'sandbox';
}

/** WhatsApp addresses a sender number by Meta's phone-number id. */
export function needsProviderId(kind: ChannelKind): boolean {
  return kind === 'whatsapp_cloud';
}

/** A random verify token for the WhatsApp webhook handshake. */
export function randomToken(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
