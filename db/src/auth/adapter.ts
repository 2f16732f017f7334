/**
 * Auth.js adapter over MikroORM 6 (the official one targets another major).
 * Every call works in its own forked EntityManager, so the adapter is safe to
 * share across concurrent requests.
 */
import { randomUUID } from 'node:crypto';
import type {
  Adapter,
  AdapterAccount,
  AdapterSession,
  AdapterUser,
  VerificationToken as AdapterVerificationToken,
} from '@auth/core/adapters';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Account, Session, VerificationToken, type AccountType } from '../entities/auth.js';
import { User, UserKind } from '../entities/user.js';
import { createTokenCipher, type TokenCipher } from './token-crypto.js';

/** Display names are short in the UI and the column; provider names can be anything. */
const DISPLAY_NAME_MAX = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function displayNameFrom(name: string | null | undefined, email: string | null | undefined): string {
  const base = name?.trim() || email?.split('@')[0]?.trim() || 'Player';
  return base.slice(0, DISPLAY_NAME_MAX);
}

/** Auth.js requires a string email; Steam and some Epic accounts have none, stored as null. */
export function toAdapterUser(u: User): AdapterUser {
  return {
    id: u.id,
    name: u.displayName,
    email: u.email ?? '',
    emailVerified: u.emailVerified,
    image: u.image,
  };
}

function normaliseEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

function toAdapterSession(s: Session): AdapterSession & { id: string } {
  return { id: s.id, sessionToken: s.sessionToken, userId: s.user.id, expires: s.expires };
}

function toAdapterAccount(a: Account, tokens: TokenCipher): AdapterAccount {
  const open = (v: string | null) => (v === null ? null : tokens.decrypt(v));
  const access_token = open(a.access_token);
  const refresh_token = open(a.refresh_token);
  const id_token = open(a.id_token);
  // Only defined fields: Auth.js treats undefined and null differently in places.
  return {
    userId: a.user.id,
    type: a.type as AdapterAccount['type'],
    provider: a.provider,
    providerAccountId: a.providerAccountId,
    ...(access_token !== null ? { access_token } : {}),
    ...(refresh_token !== null ? { refresh_token } : {}),
    ...(a.expires_at !== null ? { expires_at: a.expires_at } : {}),
    ...(a.token_type !== null ? { token_type: a.token_type.toLowerCase() as 'bearer' } : {}),
    ...(a.scope !== null ? { scope: a.scope } : {}),
    ...(id_token !== null ? { id_token } : {}),
    ...(a.session_state !== null ? { session_state: a.session_state } : {}),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export interface MikroOrmAdapterOptions {
  /** Kind given to users Auth.js creates (the dev sign-in passes 'demo' itself). */
  newUserKind?: UserKind;
  /** AUTH_SECRET: provider tokens are stored encrypted under a key derived from it (token-crypto.ts). */
  tokenSecret: string;
}

export function createAuthAdapter(orm: MikroORM, options: MikroOrmAdapterOptions): Adapter {
  const fork = () => orm.em.fork();
  const kind = options.newUserKind ?? UserKind.Member;
  const tokens = createTokenCipher(options.tokenSecret);
  const seal = (v: unknown): string | null => {
    const s = str(v);
    return s === null ? null : tokens.encrypt(s);
  };

  return {
    async createUser(data) {
      const em = fork();
      const user = em.create(User, {
        id: data.id && UUID.test(data.id) ? data.id : randomUUID(),
        displayName: displayNameFrom(data.name, data.email),
        kind,
        email: normaliseEmail(data.email),
        emailVerified: data.emailVerified ?? null,
        image: data.image ?? null,
        createdAt: new Date(),
      });
      await em.flush();
      return toAdapterUser(user);
    },

    async getUser(id) {
      if (!UUID.test(id)) return null;
      const user = await fork().findOne(User, { id });
      return user ? toAdapterUser(user) : null;
    },

    async getUserByEmail(email) {
      const e = normaliseEmail(email);
      if (!e) return null;
      const user = await fork().findOne(User, { email: e });
      return user ? toAdapterUser(user) : null;
    },

    async getUserByAccount({ provider, providerAccountId }) {
      const account = await fork().findOne(Account, { provider, providerAccountId }, { populate: ['user'] });
      return account ? toAdapterUser(account.user.getEntity()) : null;
    },

    async updateUser(data) {
      const em = fork();
      const user = await em.findOneOrFail(User, { id: data.id });
      if (data.name !== undefined && data.name !== null)
        user.displayName = displayNameFrom(data.name, user.email);
      if (data.email !== undefined) user.email = normaliseEmail(data.email);
      if (data.emailVerified !== undefined) user.emailVerified = data.emailVerified;
      if (data.image !== undefined) user.image = data.image ?? null;
      await em.flush();
      return toAdapterUser(user);
    },

    async deleteUser(userId) {
      // Accounts, sessions, uploads and ownerships cascade in the database.
      await fork().nativeDelete(User, { id: userId });
    },

    async linkAccount(data) {
      const em = fork();
      em.create(Account, {
        user: em.getReference(User, data.userId),
        type: data.type as AccountType,
        provider: data.provider,
        providerAccountId: data.providerAccountId,
        refresh_token: seal(data.refresh_token),
        access_token: seal(data.access_token),
        expires_at: typeof data.expires_at === 'number' ? data.expires_at : null,
        token_type: str(data.token_type),
        scope: str(data.scope),
        id_token: seal(data.id_token),
        session_state: str(data.session_state),
        createdAt: new Date(),
      });
      await em.flush();
      return data;
    },

    async unlinkAccount({ provider, providerAccountId }) {
      const em = fork();
      const account = await em.findOne(Account, { provider, providerAccountId });
      if (!account) return undefined;
      const out = toAdapterAccount(account, tokens);
      await em.remove(account).flush();
      return out;
    },

    async getAccount(providerAccountId, provider) {
      const account = await fork().findOne(Account, { provider, providerAccountId });
      return account ? toAdapterAccount(account, tokens) : null;
    },

    async createSession({ sessionToken, userId, expires }) {
      const em = fork();
      const session = em.create(Session, {
        sessionToken,
        user: em.getReference(User, userId),
        expires,
        createdAt: new Date(),
      });
      await em.flush();
      return toAdapterSession(session);
    },

    async getSessionAndUser(sessionToken) {
      const em = fork();
      const session = await em.findOne(Session, { sessionToken }, { populate: ['user'] });
      if (!session) return null;
      if (session.expires.getTime() <= Date.now()) {
        // Expired sessions are useless; drop them as they are met.
        await em.remove(session).flush();
        return null;
      }
      return { session: toAdapterSession(session), user: toAdapterUser(session.user.getEntity()) };
    },

    async updateSession({ sessionToken, expires }) {
      const em = fork();
      const session = await em.findOne(Session, { sessionToken });
      if (!session) return null;
      if (expires) session.expires = expires;
      await em.flush();
      return toAdapterSession(session);
    },

    async deleteSession(sessionToken) {
      const em = fork();
      const session = await em.findOne(Session, { sessionToken });
      if (!session) return null;
      const out = toAdapterSession(session);
      await em.remove(session).flush();
      return out;
    },

    async createVerificationToken(token) {
      const em = fork();
      em.create(VerificationToken, { ...token });
      await em.flush();
      return token;
    },

    async useVerificationToken({ identifier, token }) {
      const em = fork();
      // Delete-and-return in one statement: a token can be used exactly once, even under races.
      const rows = await em
        .getConnection()
        .execute<{ identifier: string; token: string; expires: Date }[]>(
          'delete from verification_tokens where identifier = ? and token = ? returning identifier, token, expires',
          [identifier, token],
          'all',
        );
      const row = rows[0];
      if (!row) return null;
      const out: AdapterVerificationToken = {
        identifier: row.identifier,
        token: row.token,
        expires: new Date(row.expires),
      };
      return out;
    },
  };
}
