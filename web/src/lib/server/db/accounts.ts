/** Accounts backed by the users table (db's user repository, one request-scoped fork). */
import { findDemoUserProfile, findUserProfile, type EntityManager } from '@rlcoach/db';
import type { Accounts } from '../ports';

export function dbAccounts(em: EntityManager): Accounts {
  return {
    find: (userId) => findUserProfile(em, userId),
    findDemo: () => findDemoUserProfile(em),
  };
}
