/**
 * Database-session facts the rest of the platform needs beyond Auth.js:
 * realtime re-checks a token's session on every connect/upload, and the
 * development sign-in creates sessions directly.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Session } from '../entities/auth.js';
import { User } from '../entities/user.js';

export type SessionState = 'live' | 'missing' | 'expired';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Is session `sessionId` still there, unexpired, and does it belong to `userId`? One indexed read. */
export async function sessionState(
  em: EntityManager,
  sessionId: string,
  userId: string,
): Promise<SessionState> {
  if (!UUID.test(sessionId) || !UUID.test(userId)) return 'missing';
  const rows = await em
    .getConnection()
    .execute<{ expires: Date | string }[]>(
      'select expires from sessions where id = ? and user_id = ?',
      [sessionId, userId],
      'all',
    );
  const row = rows[0];
  if (!row) return 'missing';
  return new Date(row.expires).getTime() > Date.now() ? 'live' : 'expired';
}

/** Default database-session lifetime (Auth.js' default maxAge as well). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** A fresh, unguessable session token, as Auth.js makes them. */
export function newSessionToken(): string {
  return randomBytes(32).toString('hex');
}

export interface CreatedSession {
  id: string;
  sessionToken: string;
  expires: Date;
}

/** Create a database session for a user directly (development sign-in, tests). */
export async function createSessionFor(
  em: EntityManager,
  userId: string,
  maxAgeSeconds = SESSION_MAX_AGE_SECONDS,
): Promise<CreatedSession> {
  const session = em.create(Session, {
    sessionToken: newSessionToken(),
    user: em.getReference(User, userId),
    expires: new Date(Date.now() + maxAgeSeconds * 1000),
    createdAt: new Date(),
  });
  await em.flush();
  return { id: session.id, sessionToken: session.sessionToken, expires: session.expires };
}

/** Sign out everywhere: removes every session of the user; returns how many there were. */
export async function deleteSessionsOf(em: EntityManager, userId: string): Promise<number> {
  return em.nativeDelete(Session, { user: userId });
}
