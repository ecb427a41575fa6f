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
