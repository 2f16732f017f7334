/**
 * "Your data" in Settings, in real Chromium against the real built processes: Export → live
 * progress over Socket.IO → download the zip → it is a valid archive whose data.json matches the
 * database and whose replay is the uploaded file; nobody else can download it, and an expired one
 * is refused. Then "Delete my account" → scheduled banner with the date (row in Postgres, delayed
 * job in BullMQ) → Cancel → schedule and job gone, account intact.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, User, UserExport, UserExportStatus } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { formatDateTime } from '$lib/components/settings/format';
import { launchBrowser, signInDev } from './browser';
import { demoReplays } from './fixtures';
import { missingBuilds, startStack, type Stack } from './stack';

const missing = missingBuilds();
let stack: Stack;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  stack = await startStack('user-data');
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-user-data-'));
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const em = () => stack.db.orm.em.fork();

/** Upload through the realtime API as the signed-in user and wait until the worker is done. */
async function uploadAs(userId: string, sessionToken: string): Promise<string> {
  const session = await em().findOneOrFail(Session, { sessionToken });
  const token = signSessionToken(stack.sessionSecret, userId, { sessionId: session.id });
  const fixture = demoReplays()[0]!;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(fixture.bytes)]), fixture.fileName);
  const res = await fetch(`${stack.realtimeUrl}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(200);
  const replayId = ((await res.json()) as { files: { replayId: string }[] }).files[0]!.replayId;
  for (const until = Date.now() + 60_000; ;) {
    const [row] = await stack.db.orm.em
      .getConnection()
      .execute<{ status: string }[]>('select status from replays where id = ?', [replayId]);
    if (row?.status === 'analysed' || row?.status === 'partial') return replayId;
    if (Date.now() > until) throw new Error(`replay not processed:\n${stack.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Keys of the user's deletion job in BullMQ, whatever the stack's prefix. */
async function deletionJobKeys(userId: string): Promise<string[]> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    return await redis.keys(`rlcoach-test-user-data-*:background:user-delete-${userId}`);
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(missing.length > 0)('Settings → Your data (Chromium)', () => {
  it('exports with live progress, downloads a zip matching the database; others get 404, expired 410', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    // Every Socket.IO frame the page receives, to prove the export finished over the socket.
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await signInDev(page, stack.webUrl, 'Data Owner', '/settings');
    const user = await em().findOneOrFail(User, { displayName: 'Data Owner' });
    const cookie = (await context.cookies()).find((c) => c.name === 'authjs.session-token')!;
    const replayId = await uploadAs(user.id, cookie.value);

    await page.reload();
    // The layout's socket is connected before we ask (so no live event can be missed).
    await expect.poll(() => frames.some((f) => f.startsWith('40')), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('export-button').click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 60_000 });
    expect(frames.some((f) => f.includes('"export:progress"'))).toBe(true);
    expect(frames.some((f) => f.includes('"export:ready"'))).toBe(true);

    const row = await em().findOneOrFail(UserExport, { user: user.id });
    expect(row.status).toBe(UserExportStatus.Ready);
    const linkText = await link.textContent();
    expect(linkText).toContain('Download your data');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const zip = path.join(dir, 'export.zip');
    await download.saveAs(zip);
    expect((await stat(zip)).size).toBe(row.bytes);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const data = JSON.parse(execFileSync('unzip', ['-p', zip, 'data.json'], { encoding: 'utf8' }));

    const conn = stack.db.orm.em.getConnection();
    const [profile] = await conn.execute('select id, display_name, kind, email from users where id = ?', [
      user.id,
    ]);
    expect(data.profile).toMatchObject(profile!);
    const owned = await conn.execute<{ replay_id: string; player_key: string | null }[]>(
      'select replay_id, player_key from replay_ownerships where user_id = ? order by replay_id',
      [user.id],
    );
    expect(data.replays.map((r: { id: string; player_key: string | null }) => [r.id, r.player_key])).toEqual(
      owned.map((o) => [o.replay_id, o.player_key]),
    );
    expect(owned.map((o) => o.replay_id)).toEqual([replayId]);
    const [result] = await conn.execute<{ scoreboard: unknown }[]>(
      'select scoreboard from replay_results where replay_id = ?',
      [replayId],
    );
    expect(data.replays[0].scoreboard).toEqual(result!.scoreboard);
    const exported = execFileSync('unzip', ['-p', zip, `replays/${replayId}.replay`]);
    expect(Buffer.compare(exported, Buffer.from(demoReplays()[0]!.bytes))).toBe(0);

    // Another signed-in user: the archive does not exist for them.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signInDev(other, stack.webUrl, 'Data Snoop', '/');
    const snoop = await other.request.get(`${stack.webUrl}/account/exports/${row.id}`);
    expect(snoop.status()).toBe(404);
    expect(await snoop.text()).not.toContain('PK');
    await otherContext.close();

    // Exports are rate limited per user (3 an hour): this was the first; two more pass, the fourth is
    // refused. Posted as a browser without JavaScript would (the form works without enhancement).
    const ask = () =>
      page.request.post(`${stack.webUrl}/settings?/export`, {
        headers: { origin: stack.webUrl, accept: 'text/html' },
        form: {},
        maxRedirects: 0,
      });
    const r2 = await ask();
    const r3 = await ask();
    const limited = await ask();
    expect([r2.status(), r3.status()]).toEqual([200, 200]);
    expect(limited.status()).toBe(429);
    expect(await limited.text()).toContain('You asked for several exports recently');

    // Past its expiry the owner is refused too.
    await conn.execute(`update user_exports set expires_at = now() - interval '1 second' where id = ?`, [
      row.id,
    ]);
    const expired = await page.request.get(`${stack.webUrl}/account/exports/${row.id}`);
    expect(expired.status()).toBe(410);
    await context.close();
  });

  it('schedules deletion with a banner showing the date, and cancels it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInDev(page, stack.webUrl, 'Leaving Soon', '/settings');
    const user = await em().findOneOrFail(User, { displayName: 'Leaving Soon' });

    // Without the confirmation word nothing is scheduled.
    await page.getByTestId('delete-confirm').fill('delete it');
    await page.getByTestId('delete-account').click();
    await page.getByRole('alert').filter({ hasText: 'Type DELETE to confirm.' }).waitFor();
    expect((await em().findOneOrFail(User, user.id)).deletionDueAt).toBeNull();

    await page.getByTestId('delete-confirm').fill('DELETE');
    await page.getByTestId('delete-account').click();
    const banner = page.getByTestId('deletion-banner');
    await banner.waitFor();
    const scheduled = await em().findOneOrFail(User, user.id);
    expect(scheduled.deletionDueAt).not.toBeNull();
    // Default grace: 30 days from the request.
    expect(scheduled.deletionDueAt!.getTime() - scheduled.deletionRequestedAt!.getTime()).toBe(
      30 * 86_400_000,
    );
    expect(await page.getByTestId('deletion-date').textContent()).toBe(
      formatDateTime(scheduled.deletionDueAt!, 'UTC'),
    );
    expect(await deletionJobKeys(user.id)).toHaveLength(1);
    // The banner survives a reload (the schedule lives in Postgres).
    await page.reload();
    await banner.waitFor();
    // Every other page of the app says so too, and links back to the cancel button.
    await page.goto(`${stack.webUrl}/replays`);
    expect(await page.getByTestId('deletion-notice').textContent()).toContain(
      scheduled.deletionDueAt!.toISOString().slice(0, 10),
    );
    await page.getByTestId('deletion-notice').getByRole('link').click();
    await banner.waitFor();

    await page.getByTestId('cancel-deletion').click();
    await banner.waitFor({ state: 'detached' });
    await page.getByTestId('delete-form').waitFor();
    const after = await em().findOneOrFail(User, user.id);
    expect([after.deletionDueAt, after.deletionRequestedAt]).toEqual([null, null]);
    expect(await deletionJobKeys(user.id)).toEqual([]);
    await page.goto(`${stack.webUrl}/replays`);
    expect(await page.getByTestId('deletion-notice').count()).toBe(0);
    await context.close();
  });
});
