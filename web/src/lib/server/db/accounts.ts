/** Accounts backed by the users table (MikroORM, one request-scoped fork). */
import { User } from '@rlcoach/db';
import type { EntityManager } from '@rlcoach/db';
import type { Accounts, SessionUser } from '../ports';

export function dbAccounts(em: EntityManager): Accounts {
  return {
    async find(userId) {
      // A cookie can carry any string; only a uuid can match a row (and Postgres rejects others).
      if (!UUID.test(userId)) return null;
      const user = await em.findOne(User, { id: userId });
      return user ? toSessionUser(user) : null;
    },
    async findDemo() {
      const user = await em.findOne(User, { kind: 'demo' }, { orderBy: { createdAt: 'asc' } });
      return user ? toSessionUser(user) : null;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSessionUser(user: User): SessionUser {
  return { id: user.id, displayName: user.displayName, kind: user.kind };
}
