/**
 * Process-wide ORM (created once, closed on shutdown) and the request-scoped
 * services built on a fresh entity-manager fork for every request.
 */
import { createOrm, type MikroORM } from '@rlcoach/db';
import { webConfig } from './env';
import { dbAccounts } from './db/accounts';
import { dbReplays } from './db/replays';
import type { Accounts, ReplayLibrary } from './ports';

export interface RequestServices {
  accounts: Accounts;
  replays: ReplayLibrary;
}

let orm: Promise<MikroORM> | undefined;

/** The process-wide ORM (auth uses it for sessions and the Auth.js adapter). */
export function getOrm(): Promise<MikroORM> {
  if (!orm) {
    orm = createOrm({ env: webConfig().db }).catch((err: unknown) => {
      orm = undefined; // let the next request retry (e.g. Postgres was still starting)
      throw err;
    });
    process.once('sveltekit:shutdown', () => void orm?.then((o) => o.close()));
  }
  return orm;
}

export async function servicesForRequest(): Promise<RequestServices> {
  const em = (await getOrm()).em.fork();
  return { accounts: dbAccounts(em), replays: dbReplays(em) };
}
