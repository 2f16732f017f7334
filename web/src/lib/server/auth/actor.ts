/** The policy's Actor for the signed-in user of a request (role included: read with the session). */
import type { Actor } from '@rlcoach/db/auth/policy';
import type { SessionUser } from '$lib/server/ports';

export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, kind: user.kind, role: user.role ?? 'player' };
}
