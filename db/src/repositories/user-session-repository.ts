/**
 * The signed-in user behind a session cookie, and signing out: Auth.js database sessions read and
 * removed by their token.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserKind, UserRole } from '../entities/user.js';
import { sqlAll, sqlRun } from './sql-exec.js';

export interface CurrentSession {
  sessionId: string;
  expires: Date;
  user: {
    id: string;
    displayName: string;
    kind: UserKind;
    /** Read with the session on every request, so a promotion or demotion applies at once. */
    role: UserRole;
    termsAcceptedAt: Date | null;
    /** Set while "Delete my account" is scheduled. */
    deletionDueAt: Date | null;
  };
}

/** Longer than any token we issue: not looked up. */
const MAX_TOKEN_LENGTH = 255;

/** One indexed read; an expired, unknown or absent token is no session. */
export async function findCurrentSession(
  em: EntityManager,
  sessionToken: string | undefined,
): Promise<CurrentSession | null> {
  if (!sessionToken || sessionToken.length > MAX_TOKEN_LENGTH) return null;
  const [r] = await sqlAll<{
    sid: string;
    expires: Date | string;
    uid: string;
    name: string;
    kind: UserKind;
    role: UserRole;
    terms: Date | string | null;
    due: Date | string | null;
  }>(
    em,
    `select s.id as sid, s.expires, u.id as uid, u.display_name as name, u.kind, u.role, u.terms_accepted_at as terms,
            u.deletion_due_at as due
       from sessions s join users u on u.id = s.user_id
      where s.session_token = ? and s.expires > now()`,
    [sessionToken],
  );
  if (!r) return null;
  return {
    sessionId: r.sid,
    expires: new Date(r.expires),
    user: {
      id: r.uid,
      displayName: r.name,
      kind: r.kind,
      role: r.role,
      termsAcceptedAt: r.terms ? new Date(r.terms) : null,
      deletionDueAt: r.due ? new Date(r.due) : null,
    },
  };
}

/** Sign out: remove the database session (its realtime tokens stop working at once). */
export async function deleteSessionByToken(em: EntityManager, sessionToken: string): Promise<boolean> {
  return (await sqlRun(em, 'delete from sessions where session_token = ?', [sessionToken])) > 0;
}
