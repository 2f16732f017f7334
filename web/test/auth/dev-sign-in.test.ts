/**
 * The development sign-in: a real database session for a named user, only with RLCOACH_DEV=1 and
 * impossible in production (module load and every call refuse).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { User } from '@rlcoach/db';
import { sessionState } from '@rlcoach/db/auth/sessions';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('dev_signin');
  vi.stubEnv('RLCOACH_DEV', '1');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await db?.drop();
});

describe('development sign-in', () => {
  it('creates the named user once (terms accepted) and a live database session per sign-in', async () => {
    const { devSignIn, DemoNotSeededError } = await import('$lib/server/auth/dev-sign-in');
    const a = await devSignIn(db.orm, 'Tester One');
    const b = await devSignIn(db.orm, 'Tester One');
    expect(b.user.id).toBe(a.user.id);
    expect(a.session.id).not.toBe(b.session.id);
    expect(await sessionState(db.orm.em.fork(), a.session.id, a.user.id)).toBe('live');
    const row = await db.orm.em.fork().findOneOrFail(User, { id: a.user.id });
    expect([row.kind, row.displayName]).toEqual(['member', 'Tester One']);
    expect(row.termsAcceptedAt).toBeInstanceOf(Date);
    // The demo identity is only ever the seeded one.
    await expect(devSignIn(db.orm, 'demo')).rejects.toBeInstanceOf(DemoNotSeededError);
    const em = db.orm.em.fork();
    const seeded = em.create(User, { displayName: 'Demo player', kind: 'demo', createdAt: new Date() });
    await em.flush();
    const demo = await devSignIn(db.orm, 'demo');
    expect([demo.user.id, demo.user.kind]).toEqual([seeded.id, 'demo']);
    await expect(devSignIn(db.orm, '<script>')).rejects.toThrow(TypeError);
  });

  it('refuses every call once NODE_ENV is production, even with RLCOACH_DEV=1', async () => {
    const { devSignIn, DevSignInForbiddenError } = await import('$lib/server/auth/dev-sign-in');
    vi.stubEnv('NODE_ENV', 'production');
    try {
      await expect(devSignIn(db.orm, 'Tester One')).rejects.toBeInstanceOf(DevSignInForbiddenError);
    } finally {
      vi.stubEnv('NODE_ENV', 'test');
    }
  });

  it('refuses every call without RLCOACH_DEV=1, whatever NODE_ENV says', async () => {
    const { devSignIn, DevSignInForbiddenError } = await import('$lib/server/auth/dev-sign-in');
    for (const value of ['', '0']) {
      vi.stubEnv('RLCOACH_DEV', value);
      try {
        await expect(devSignIn(db.orm, 'Tester One')).rejects.toBeInstanceOf(DevSignInForbiddenError);
      } finally {
        vi.stubEnv('RLCOACH_DEV', '1');
      }
    }
  });

  it('refuses to even load in production', async () => {
    vi.resetModules();
    vi.stubEnv('NODE_ENV', 'production');
    try {
      await expect(import('$lib/server/auth/dev-sign-in')).rejects.toThrow(/never runs in production/);
    } finally {
      vi.stubEnv('NODE_ENV', 'test');
      vi.resetModules();
    }
  });
});
