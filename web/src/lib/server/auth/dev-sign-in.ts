/**
 * Development-only sign-in: a named test user gets a real database session, without
 * any provider. Tests and the local demo use it. It runs only with RLCOACH_DEV=1 and never in
 * production: importing this module otherwise throws, and every call checks again.
 */
import { findDemoUserProfile, findOrCreateDevUser, type MikroORM, type UserKind } from '@rlcoach/db';
import { createSessionFor, type CreatedSession } from '@rlcoach/db/auth/sessions';
import { setRole } from '@rlcoach/db/repositories/ops-repository';
import { devMode } from './env-flags';

/** The demo identity is the one the seed creates (with its replays); it is never made up here. */
export class DemoNotSeededError extends Error {
  constructor() {
    super('The demo account is not seeded yet: run `npm run -s -w worker seed`, then try again.');
    this.name = 'DemoNotSeededError';
  }
}

export class DevSignInForbiddenError extends Error {
  constructor() {
    super('development sign-in is disabled (it needs RLCOACH_DEV=1, and never runs in production)');
    this.name = 'DevSignInForbiddenError';
  }
}

/** Throws unless RLCOACH_DEV=1 outside production; called at module load and on every request. */
export function assertDevSignInAllowed(env: Record<string, string | undefined> = process.env): void {
  if (!devMode(env)) throw new DevSignInForbiddenError();
}

// Module load: a server without RLCOACH_DEV that somehow routes here fails before serving anything.
assertDevSignInAllowed();

/** Names a test user may have: short, printable, no surprises in URLs or logs. */
export const DEV_USER_NAME = /^[A-Za-z0-9 _.-]{1,40}$/;

/** The demo identity's name; signing in as it gives the seeded demo user (kind 'demo'). */
export const DEMO_NAME = 'demo';

export interface DevSignIn {
  user: { id: string; displayName: string; kind: UserKind };
  session: CreatedSession;
}

/**
 * Find or create the named dev user (terms accepted), or the seeded demo user, and open a database
 * session. `asAdmin` also makes that test user an operator (never the shared demo account).
 */
export async function devSignIn(orm: MikroORM, name: string, asAdmin = false): Promise<DevSignIn> {
  assertDevSignInAllowed();
  if (!DEV_USER_NAME.test(name))
    throw new TypeError('dev sign-in name must be 1–40 letters, digits, space, _ . -');
  const em = orm.em.fork();
  const isDemo = name.toLowerCase() === DEMO_NAME;
  if (isDemo && asAdmin) throw new TypeError('the demo account is never an operator');
  const user = isDemo
    ? await findDemoUserProfile(em)
    : await findOrCreateDevUser(
        em,
        name,
        `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@dev.rlcoach.invalid`,
      );
  if (!user) throw new DemoNotSeededError();
  if (asAdmin) await setRole(em, user.id, 'admin');
  const session = await createSessionFor(em, user.id);
  return { user: { id: user.id, displayName: user.displayName, kind: user.kind }, session };
}
