/** The signed-in user and database session behind a request's session cookie, straight from Postgres. */
import { findCurrentSession, type EntityManager } from '@rlcoach/db';
import type { UserKind } from '../ports';

export interface CurrentSession {
  sessionId: string;
  expires: Date;
  user: {
    id: string;
    displayName: string;
    kind: UserKind;
    termsAcceptedAt: Date | null;
    /** Set while "Delete my account" is scheduled: every page shows when, with a way to cancel. */
    deletionDueAt: Date | null;
  };
}

/** One indexed read (db's user-session repository); expired or unknown tokens are simply no session. */
export function currentSession(
  em: EntityManager,
  sessionToken: string | undefined,
): Promise<CurrentSession | null> {
  return findCurrentSession(em, sessionToken);
}
