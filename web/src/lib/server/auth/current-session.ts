/** The signed-in user and database session behind a request's session cookie, straight from Postgres. */
import type { EntityManager } from '@rlcoach/db';
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

/** One indexed read; expired or unknown tokens are simply no session. */
export async function currentSession(
  em: EntityManager,
  sessionToken: string | undefined,
): Promise<CurrentSession | null> {
  if (!sessionToken || sessionToken.length > 255) return null;
  const rows = await em.getConnection().execute<
    {
      sid: string;
      expires: Date;
      uid: string;
      name: string;
      kind: UserKind;
      terms: Date | null;
      due: Date | null;
    }[]
  >(
    `select s.id as sid, s.expires, u.id as uid, u.display_name as name, u.kind, u.terms_accepted_at as terms,
              u.deletion_due_at as due
       from sessions s join users u on u.id = s.user_id
      where s.session_token = ? and s.expires > now()`,
    [sessionToken],
    'all',
  );
  const r = rows[0];
  if (!r) return null;
  return {
    sessionId: r.sid,
    expires: new Date(r.expires),
    user: {
      id: r.uid,
      displayName: r.name,
      kind: r.kind,
      termsAcceptedAt: r.terms ? new Date(r.terms) : null,
      deletionDueAt: r.due ? new Date(r.due) : null,
    },
  };
}
