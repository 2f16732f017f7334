import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { User } from './user.js';

/** Sign-in provider kinds Auth.js records on a linked account. */
export type AccountType = 'oauth' | 'oidc' | 'email' | 'webauthn';

/**
 * An identity at a sign-in provider (Discord, Google, Epic, Steam) linked to one user.
 * Token columns keep Auth.js' snake_case names so the adapter maps them one to one.
 */
export class Account {
  id: string = randomUUID();
  user!: Ref<User>;
  type!: AccountType;
  provider!: string;
  providerAccountId!: string;
  refresh_token: string | null = null;
  access_token: string | null = null;
  /** Seconds since the epoch, as the provider reports it. */
  expires_at: number | null = null;
  token_type: string | null = null;
  scope: string | null = null;
  id_token: string | null = null;
  session_state: string | null = null;
  createdAt: Date & Opt = new Date();
}

export const AccountSchema = new EntitySchema<Account>({
  class: Account,
  tableName: 'accounts',
  uniques: [{ name: 'accounts_provider_account_unique', properties: ['provider', 'providerAccountId'] }],
  indexes: [{ name: 'accounts_user_id_idx', properties: ['user'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    type: { type: 'string', length: 16 },
    provider: { type: 'string', length: 32 },
    providerAccountId: { type: 'string', length: 255 },
    refresh_token: { type: 'text', nullable: true },
    access_token: { type: 'text', nullable: true },
    expires_at: { type: 'bigint', nullable: true, runtimeType: 'number' },
    token_type: { type: 'string', length: 64, nullable: true },
    scope: { type: 'text', nullable: true },
    id_token: { type: 'text', nullable: true },
    session_state: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/**
 * A database session (Auth.js "database" strategy). The cookie holds sessionToken;
 * our realtime tokens carry `id`, so deleting the row revokes both at once.
 */
export class Session {
  id: string = randomUUID();
  sessionToken!: string;
  user!: Ref<User>;
  expires!: Date;
  createdAt: Date & Opt = new Date();
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  indexes: [{ name: 'sessions_user_id_idx', properties: ['user'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    sessionToken: { type: 'string', length: 255, unique: 'sessions_session_token_unique' },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    expires: { type: 'datetime', columnType: 'timestamptz' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/** One-time tokens (email sign-in); the (identifier, token) pair is the key. */
export class VerificationToken {
  identifier!: string;
  token!: string;
  expires!: Date;
}

export const VerificationTokenSchema = new EntitySchema<VerificationToken>({
  class: VerificationToken,
  tableName: 'verification_tokens',
  properties: {
    identifier: { type: 'string', length: 255, primary: true },
    token: { type: 'string', length: 255, primary: true },
    expires: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export const authEntities = [AccountSchema, SessionSchema, VerificationTokenSchema];
