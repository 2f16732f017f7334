/**
 * The policy's Actor for an authenticated identity. The role is read from Postgres on every call
 * (never carried in the token), so promoting or demoting an operator takes effect at once.
 */
import type { Actor } from '@rlcoach/db/auth/policy';
import type { RoleLookup } from '../ports.js';
import type { Identity } from './verify.js';

export async function actorOf(
  identity: Pick<Identity, 'userId' | 'kind'>,
  roles?: RoleLookup,
): Promise<Actor> {
  // Without a role lookup nobody is an operator: the ops area fails closed.
  const role = roles ? await roles.roleOf(identity.userId) : null;
  return { userId: identity.userId, kind: identity.kind, role: role ?? 'player' };
}
