// Shapes of the API's JSON documents, as the server sends them.

export const ROLES = ['admin', 'supervisor', 'agent', 'campaign_manager'] as const;
export type Role = (typeof ROLES)[number];

/** Database ids are integers in JSON. */
export type ID = number;

/** A permission as "object:action", e.g. "users:read". */
export type Permission = string;

export interface UserRef {
  id: ID;
  email: string;
  name: string;
}

export interface AccountRef {
  id: ID;
  name: string;
}

/** The signed-in user, from GET /api/me. */
export interface Me {
  user: UserRef;
  account: AccountRef;
  role: Role;
  extension: string | null;
  permissions: Permission[];
}

/** Answer of POST /api/auth/login. */
export interface LoginResult {
  user: UserRef;
  account: AccountRef;
  role: Role;
}

/** One page of a keyset-paginated list; next is the cursor for ?after=. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface User {
  id: ID;
  email: string;
  name: string;
  role: Role;
  extension: string | null;
  active: boolean;
  created_at: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  extension?: string;
}

export interface UserChange {
  role?: Role;
  name?: string;
  extension?: string | null;
  active?: boolean;
}

export interface ApiToken {
  id: ID;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface NewApiToken {
  name: string;
  role: Role;
}

/** Answer of POST /api/tokens; the secret is shown this once only. */
export interface CreatedApiToken {
  token: ApiToken;
  secret: string;
}

export const CHANNEL_KINDS = ['whatsapp_cloud', 'sms_twilio', 'sandbox'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A number a channel sends from. */
export interface ChannelSender {
  id: ID;
  channel_id: ID;
  phone_number: string;
  /** The provider's id of the number (WhatsApp phone-number id); may be empty. */
  provider_id: string;
  name: string;
  created_at: string;
}

/** A provider connection. Secrets are never returned, only whether each is set. */
export interface Channel {
  id: ID;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  base_url: string;
  created_at: string;
  updated_at: string;
  senders: ChannelSender[];
  credentials_set: Record<string, boolean>;
  /** Where the provider posts webhooks; empty for the sandbox. */
  webhook_url: string;
  /** Webhooks received while the channel was disabled, processed once it is enabled. */
  held_webhooks: number;
}

export interface NewSender {
  phone_number: string;
  provider_id: string;
  name: string;
}

export interface NewChannel {
  kind: ChannelKind;
  name: string;
  base_url?: string;
  credentials: Record<string, string>;
  senders: NewSender[];
}

/** PATCH /api/channels/{id}; a credential given non-empty replaces the stored one. */
export interface ChannelChange {
  name?: string;
  enabled?: boolean;
  base_url?: string;
  credentials?: Record<string, string>;
}
