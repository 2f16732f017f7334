/** The signed-in user and database session behind a request's session cookie, straight from Postgres. */
import { findCurrentSession, type CurrentSession, type EntityManager } from '@rlcoach/db';

export type { CurrentSession } from '@rlcoach/db';

/** One indexed read (db's user-session repository); expired or unknown tokens are simply no session. */
export function currentSession(
  em: EntityManager,
  sessionToken: string | undefined,
): Promise<CurrentSession | null> {
  return findCurrentSession(em, sessionToken);
}
