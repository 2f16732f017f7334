/**
 * The operator area end to end, real processes and Chromium: an admin's ops page shows live figures
 * that move while a player's uploads run (no reload), and opens bull-board through its form; a
 * player is refused the page (403), sees no Ops link, and bull-board refuses requests without an
 * admin session. Screenshots of the page at 390 and 1440 px go to web/test-results/ops/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, User } from '@rlcoach/db';
import { dropFiles, launchBrowser } from './browser';
import { demoReplays, REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results/ops');

let stack: Stack;
let browser: Browser;
let admin: BrowserContext;
let player: BrowserContext;

async function signedIn(name: string, role?: 'admin'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  const res = await context.request.post(`${stack.webUrl}/signin/dev`, {
    form: { name, next: '/', ...(role ? { role } : {}) },
    headers: { origin: stack.webUrl },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`dev sign-in answered ${res.status()}: ${await res.text()}`);
  return context;
}

/** The replays queue's row as numbers, read from the page. */
async function replaysRow(page: Page): Promise<{ completed: number; active: number; waiting: number }> {
  const row = page.locator('[data-testid="ops-queue-replays"]');
  const num = async (id: string) => Number(await row.locator(`[data-testid="${id}"]`).innerText());
  return { completed: await num('completed'), active: await num('active'), waiting: await num('waiting') };
}

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  // A slower analysis keeps each job visibly running for a moment.
  stack = await startStack('ops-e2e', { workerHooks: { analyse: { delayMs: 500 } }, spareWebs: 2 });
  browser = await launchBrowser();
  admin = await signedIn('Olive Operator', 'admin');
  player = await signedIn('Plain Player');
}, 180_000);

afterAll(async () => {
  if (stack) writeFileSync(path.join(RESULTS_DIR, 'stack.log'), stack.logs());
  await browser?.close();
  await stack?.stop();
});

describe('ops page (admin)', () => {
  it('shows live queue, worker, Redis and Postgres figures that move while uploads run', async () => {
    const ops = await admin.newPage();
    await ops.goto(`${stack.webUrl}/ops`);
    await ops.locator('[data-testid="ops-queues"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => await ops.locator('[data-testid="ops-workers"] li').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Workers are named `<host>:<pid>` (what a job's processedBy shows).
    expect(await ops.locator('[data-testid="ops-workers"] li').first().innerText()).toMatch(/:\d+$/);
    const before = await replaysRow(ops);
    const sampledBefore = await ops.locator('[data-testid="ops-sampled-at"]').getAttribute('datetime');
    expect(await ops.locator('[data-testid="ops-redis-policy"]').innerText()).toMatch(/\w/);
    expect(
      Number((await ops.locator('[data-testid="ops-pg-connections"]').innerText()).split(' ')[0]),
    ).toBeGreaterThan(0);
    expect(await ops.locator('[data-testid="ops-coach"]').innerText()).toContain('Coach not enabled');

    // A player uploads in another browser context; the admin's page is never reloaded.
    const up = await player.newPage();
    await up.goto(stack.webUrl);
    await up.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    // One match is enough to see every figure move (and keeps the suite short).
    const files = demoReplays().slice(0, 1);
    await dropFiles(
      up,
      '[data-testid="drop-zone"]',
      files.map((f) => ({ name: f.fileName, bytes: f.bytes })),
    );
    // Work in flight shows up (waiting or active), then the completed count rises by every file.
    await expect
      .poll(
        async () => {
          const r = await replaysRow(ops);
          return r.active + r.waiting > 0 || r.completed > before.completed;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(true);
    await expect
      .poll(async () => (await replaysRow(ops)).completed, { timeout: 120_000, interval: 500 })
      .toBe(before.completed + files.length);
    expect(await ops.locator('[data-testid="ops-sampled-at"]').getAttribute('datetime')).not.toBe(
      sampledBefore,
    );
    // The two browsers' sockets are counted on the realtime node.
    expect(await ops.locator('[data-testid="ops-sockets-total"]').innerText()).toMatch(/^[2-9]\d* sockets/);

    for (const vp of [
      { name: 'phone', width: 390, height: 844 },
      { name: 'desktop', width: 1440, height: 900 },
    ]) {
      await ops.setViewportSize({ width: vp.width, height: vp.height });
      await ops.waitForTimeout(300);
      const extra = await ops.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(extra, `${vp.name}: page wider than the window`).toBeLessThanOrEqual(0);
      await ops.screenshot({ path: path.join(RESULTS_DIR, `ops-${vp.name}.png`), fullPage: true });
    }
    await up.close();
    await ops.close();
  }, 240_000);

  it('opens bull-board through the form (an operator cookie on the realtime origin)', async () => {
    const ops = await admin.newPage();
    await ops.goto(`${stack.webUrl}/ops`);
    const [board] = await Promise.all([
      admin.waitForEvent('page'),
      ops.locator('[data-testid="open-bull-board"]').click(),
    ]);
    await board.waitForURL(`${stack.realtimeUrl}/admin/queues**`);
    await board.waitForLoadState('domcontentloaded');
    expect(await board.title()).toContain('rlcoach queues');
    await board.locator('text=replays').first().waitFor({ timeout: 30_000 });
    await board.waitForLoadState('networkidle');
    await board.screenshot({ path: path.join(RESULTS_DIR, 'bull-board.png') });
    await board.close();
    await ops.close();
  }, 60_000);
});

describe('ops page and bull-board (not an admin)', () => {
  it('refuses a player the ops page and hides the link', async () => {
    const page = await player.newPage();
    const res = await page.goto(`${stack.webUrl}/ops`);
    expect(res?.status()).toBe(403);
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="user-name"]').waitFor();
    expect(await page.locator('nav a[href="/ops"]').count()).toBe(0);
    await page.close();
  });

  it('bull-board refuses a browser without an admin session', async () => {
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    const res = await page.goto(`${stack.realtimeUrl}/admin/queues`);
    expect(res?.status()).toBe(401);
    await anonymous.close();
    // The player's own realtime token (what the page holds) is refused with 403.
    const playerPage = await player.newPage();
    await playerPage.goto(stack.webUrl);
    const posted = await player.request.post(`${stack.realtimeUrl}/admin/session`, {
      form: { token: await tokenOf(playerPage) },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect((await player.request.get(`${stack.realtimeUrl}/admin/queues`)).status()).toBe(401);
    await playerPage.close();
  });
});

describe('web /readyz and /metrics', () => {
  it('is ready with Postgres and Redis, 503 naming both when they are unreachable, alive either way', async () => {
    const ok = await fetch(`${stack.webUrl}/readyz`);
    expect(ok.status).toBe(200);
    const metrics = await fetch(`${stack.webUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/rlcoach_http_requests_total\{[^}]*route="\/\(app\)\/ops"/);

    // A web whose Postgres and Redis are a closed port (nothing listens on port 9 of loopback).
    const url = await stack.startWeb({
      DATABASE_URL: 'postgres://rlcoach:rlcoach@127.0.0.1:9/rlcoach_none',
      REDIS_URL: 'redis://127.0.0.1:9',
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const down = await fetch(`${url}/readyz`);
    const report = (await down.json()) as { checks: Record<string, { ok: boolean }> };
    expect(down.status).toBe(503);
    expect(report.checks.postgres?.ok).toBe(false);
    expect(report.checks.redis?.ok).toBe(false);
  }, 60_000);
});

describe('web SIGTERM', () => {
  it('drains: a request whose body is still arriving is answered, its work kept, then the process exits 0', async () => {
    const url = await stack.startWeb({});
    const body = Buffer.from(new URLSearchParams({ name: 'Drained Dana', next: '/' }).toString());
    const half = Math.floor(body.length / 2);
    const answered = new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const req = request(
        `${url}/signin/dev`,
        {
          method: 'POST',
          headers: {
            origin: url,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': body.length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '') }),
          );
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, half));
      setTimeout(() => {
        exited = stack.signalWeb(url, 'SIGTERM');
        setTimeout(() => req.end(body.subarray(half)), 300);
      }, 300);
    });
    let exited: Promise<number | null> | undefined;
    const res = await answered;
    expect(res.status).toBe(303);
    expect(res.cookie).toMatch(/session-token=/);
    expect(await exited).toBe(0);
    // The work of the drained request is kept: the user and a database session exist.
    const em = stack.db.orm.em.fork();
    const dana = await em.findOneOrFail(User, { displayName: 'Drained Dana' });
    expect(await em.count(Session, { user: dana.id })).toBe(1);
  }, 120_000);
});

/** The realtime token SvelteKit embedded in the page's data (what a player's browser holds). */
async function tokenOf(page: Page): Promise<string> {
  const html = await page.content();
  const m = /token:"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)"/.exec(html);
  if (!m) throw new Error('no realtime token in the page');
  return m[1]!;
}
