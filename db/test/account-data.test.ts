/** Deletion schedule and export ownership against real Postgres, plus the policy rules that guard them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, UserExport, UserExportStatus, UserKind } from '../src/index.js';
import {
  accountDeletionSchedule,
  cancelAccountDeletion,
  deletionGraceMs,
  scheduleAccountDeletion,
  scheduledDeletions,
} from '../src/auth/account-deletion.js';
import { exportOfOwner, isDownloadable, listExports, requestExport } from '../src/auth/data-exports.js';
import { policy } from '../src/auth/policy.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('account_data');
});
afterAll(async () => db?.drop());

async function user(name: string): Promise<string> {
  const em = db.orm.em.fork();
  const u = em.create(User, { displayName: name, kind: UserKind.Member } as User);
  await em.flush();
  return u.id;
}

describe('deletion grace period', () => {
  it('reads ACCOUNT_DELETE_GRACE_DAYS (default 30, 0 allowed, garbage refused)', () => {
    expect(deletionGraceMs({})).toBe(30 * 86_400_000);
    expect(deletionGraceMs({ ACCOUNT_DELETE_GRACE_DAYS: '0' })).toBe(0);
    expect(deletionGraceMs({ ACCOUNT_DELETE_GRACE_DAYS: '0.5' })).toBe(43_200_000);
    expect(() => deletionGraceMs({ ACCOUNT_DELETE_GRACE_DAYS: '-1' })).toThrow(/ACCOUNT_DELETE_GRACE_DAYS/);
    expect(() => deletionGraceMs({ ACCOUNT_DELETE_GRACE_DAYS: 'soon' })).toThrow(/ACCOUNT_DELETE_GRACE_DAYS/);
  });

  it('schedules once (a second request keeps the first date), lists, and cancels', async () => {
    const me = await user('Leaving');
    const em = db.orm.em.fork();
    const now = new Date('2030-01-01T00:00:00Z');
    const s = await scheduleAccountDeletion(em, me, 30 * 86_400_000, now);
    expect(s).toEqual({ requestedAt: now, dueAt: new Date('2030-01-31T00:00:00Z') });
    const again = await scheduleAccountDeletion(em, me, 0, new Date('2030-01-02T00:00:00Z'));
    expect(again).toEqual(s);
    expect(await accountDeletionSchedule(em, me)).toEqual(s);
    expect(await scheduledDeletions(em)).toContainEqual({ userId: me, dueAt: s!.dueAt });

    expect(await cancelAccountDeletion(em, me)).toBe(true);
    expect(await cancelAccountDeletion(em, me)).toBe(false);
    expect(await accountDeletionSchedule(em, me)).toBeNull();
    expect((await scheduledDeletions(em)).map((d) => d.userId)).not.toContain(me);
    expect(await scheduleAccountDeletion(em, '00000000-0000-4000-8000-000000000000', 0)).toBeNull();
  });
});

describe('data exports', () => {
  it('one request in flight per user; downloadable by the owner only, until it expires', async () => {
    const me = await user('Exporter');
    const other = await user('Other');
    const em = db.orm.em.fork();
    const first = await requestExport(em, me);
    expect(first).toMatchObject({ created: true, export: { status: 'queued' } });
    expect(await requestExport(db.orm.em.fork(), me)).toMatchObject({
      created: false,
      export: { id: first.export.id },
    });
    expect((await listExports(em, me)).map((e) => e.id)).toEqual([first.export.id]);

    const actor = { userId: me, kind: 'member' as const };
    const intruder = { userId: other, kind: 'member' as const };
    expect(await policy.canDownloadExport(em, actor, first.export.id)).toEqual({ allowed: true });
    expect(await policy.canDownloadExport(em, actor, first.export.id.toUpperCase())).toEqual({
      allowed: true,
    });
    expect(await policy.canDownloadExport(em, intruder, first.export.id)).toMatchObject({ status: 404 });
    expect(await policy.canDownloadExport(em, null, first.export.id)).toMatchObject({ status: 401 });
    expect(await policy.canDownloadExport(em, actor, 'nope')).toMatchObject({ status: 404 });
    expect(await exportOfOwner(em, other, first.export.id)).toBeNull();

    const row = (await exportOfOwner(em, me, first.export.id))!;
    expect(isDownloadable(row)).toBe(false); // still queued
    Object.assign(row, {
      status: UserExportStatus.Ready,
      storageKey: 'exports/x.zip',
      expiresAt: new Date(Date.now() + 60_000),
    });
    await em.flush();
    expect(isDownloadable(row)).toBe(true);
    expect(isDownloadable({ ...row, expiresAt: new Date(Date.now() - 1) } as UserExport)).toBe(false);
    // Finished: the next request creates a new export.
    expect(await requestExport(db.orm.em.fork(), me)).toMatchObject({ created: true });
  });

  it('the demo account cannot be deleted through the app; members and guests can delete their own', () => {
    expect(policy.canDeleteAccount({ userId: 'x', kind: 'demo' })).toMatchObject({ status: 403 });
    expect(policy.canDeleteAccount({ userId: 'x', kind: 'member' })).toEqual({ allowed: true });
    expect(policy.canDeleteAccount(null)).toMatchObject({ status: 401 });
  });
});
