/**
 * The demo account on a first visit, against the real spawned processes and Chromium: after the
 * seed (which claims the demo player of each replay) and the worker's analysis, every page shows
 * the demo player's own content: Home stats, the replay list, sessions, a drawn trend, Compare
 * figures for the default period (the most recent one holding games) and for a custom range, the
 * claimed players by name in Settings, and a replay detail that knows who "you" are. A new account
 * sees the real next step instead. Screenshots go to web/test-results/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser';
import { REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results');
const DEMO_USER_ID = '00000000-0000-4000-8000-00000000de00';

let stack: Stack;
let browser: Browser;
const errors: string[] = [];

async function signedIn(name: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const res = await context.request.post(`${stack.webUrl}/signin/dev`, {
    form: { name, next: '/' },
    headers: { origin: stack.webUrl },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`dev sign-in as ${name} answered ${res.status()}`);
  return context;
}

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.goto(`${stack.webUrl}${url}`);
  return page;
}

/** Share of non-transparent pixels in a canvas (0 when nothing was drawn). */
function drawnFraction(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return 0;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
      return drawn / (data.length / 4);
    });
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(RESULTS_DIR, `demo-${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  stack = await startStack('demo-walk');
  browser = await launchBrowser();
  await stack.seedDemo();
  // The worker analyses the three seeded replays; the demo player counts in all of them.
  const deadline = Date.now() + 120_000;
  let analysed = 0;
  while (Date.now() < deadline) {
    const [row] = await stack.db.orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from replays r join replay_ownerships o on o.replay_id = r.id
          where o.user_id = ? and o.counts and r.status = 'analysed'`,
        [DEMO_USER_ID],
      );
    analysed = row?.n ?? 0;
    if (analysed === 3) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (analysed !== 3)
    throw new Error(`demo replays not analysed (${analysed}/3):\n${stack.logs().slice(-4000)}`);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the demo account, first visit (real processes, Chromium)', () => {
  it('shows content on every page: Home, Replays, Sessions, Trends, Compare, Settings and a replay', async () => {
    const demo = await signedIn('demo');

    const home = await open(demo, '/');
    await home.getByTestId('home-summary').waitFor();
    expect(await text(home, 'win-rate')).toMatch(/^\d+ %$/);
    await expect(home.getByTestId('onboarding').count()).resolves.toBe(0);
    // Already the demo user: no button to open the demo account again.
    await expect(home.getByRole('button', { name: 'Open the demo account' }).count()).resolves.toBe(0);
    await shot(home, 'home');

    const replays = await open(demo, '/replays');
    await expect(replays.getByTestId('replay-row').count()).resolves.toBe(3);

    const sessions = await open(demo, '/sessions');
    // Three matches days or months apart: three sessions, each with one game.
    await expect(sessions.getByTestId('session-card').count()).resolves.toBe(3);
    await expect(sessions.getByTestId('sessions-empty').count()).resolves.toBe(0);
    await shot(sessions, 'sessions');

    const trends = await open(demo, '/trends');
    await trends.locator('[data-testid="line-chart"] canvas').waitFor();
    await trends.waitForTimeout(200);
    expect(await drawnFraction(trends, '[data-testid="line-chart"] canvas')).toBeGreaterThan(0.005);
    // The default period is the most recent one holding games, so the demo's games are in it.
    expect(await text(trends, 'period-summary')).toMatch(/: 3 games \(the most recent period with games\)/);
    // One point per session, the current value a number.
    await expect(trends.getByText(/^3 points; click a point/).count()).resolves.toBe(1);
    expect(await text(trends, 'trend-summary')).toMatch(/^Current \d/);
    await shot(trends, 'trends');

    const compare = await open(demo, '/compare');
    await expect(compare.getByTestId('compare-rank-section').getAttribute('data-mode')).resolves.toBe(
      'doubles',
    );
    const period = await compare.getByTestId('period-picker').getAttribute('data-period');
    const games = await compare.getByTestId(`period-${period}`).locator('.count').textContent();
    expect(Number(games)).toBe(3);
    const cell = (key: string) =>
      compare
        .locator(`[data-testid="self-table"] tr[data-key="${key}"] [data-testid="self-now"]`)
        .textContent();
    // Two wins of three (the savers of the three replays), and goals as stored per game.
    await expect(cell('win')).resolves.toMatch(/^\d+(\.\d)? ?%$/);
    await expect(cell('core.goals')).resolves.toMatch(/^\d+(\.\d+)?$/);
    // With a rank picked, the doubles estimates compare the three games.
    await compare.getByTestId('compare-rank').selectOption('C2');
    await compare.getByTestId('rank-table').waitFor();
    await expect(
      compare
        .locator('[data-testid="rank-row"][data-key="boost.bcpm"] [data-testid="rank-you"]')
        .textContent(),
    ).resolves.toMatch(/\d/);
    await shot(compare, 'compare');

    // A custom range of one day holds exactly the 2026 match (in the demo's time zone, UTC).
    const custom = await open(demo, '/compare?period=custom&from=2026-03-10&to=2026-03-10');
    expect(await custom.getByTestId('period-picker').getAttribute('data-period')).toBe('custom');
    expect(await text(custom, 'self-counts')).toMatch(/^1 game in this period, 0 in the previous one/);
    await expect(
      custom.locator('[data-testid="self-table"] tr[data-key="win"] [data-testid="self-now"]').textContent(),
    ).resolves.toMatch(/^100/);
    // A refused range says why and shows the default period instead.
    const refused = await open(demo, '/compare?period=custom&from=2026-03-10&to=2026-02-01');
    expect(await text(refused, 'period-error')).toMatch(/start on or before its end/);

    const settings = await open(demo, '/settings');
    const names = await settings.getByTestId('claimed-name').allTextContents();
    expect(names.map((n) => n.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Quantavious1234 on Epic',
      'mrtn on Steam',
      'syracks on Steam',
    ]);
    expect((await settings.getByTestId('claimed-ids').textContent()) ?? '').not.toMatch(/7656119\d{10}/);
    await shot(settings, 'settings');

    await replays.getByTestId('replay-link').first().click();
    await replays.waitForURL(/\/replays\/[0-9a-f-]{36}$/);
    await replays.getByTestId('hero-stats').waitFor();
    await expect(replays.getByTestId('pick-me').count()).resolves.toBe(0);
    await shot(replays, 'replay');

    expect(errors).toEqual([]);
    await demo.close();
  }, 180_000);

  it('names the real next step on the empty pages of a new account', async () => {
    const fresh = await signedIn('Newcomer');
    for (const [url, id] of [
      ['/sessions', 'sessions-empty'],
      ['/trends', 'trends-empty'],
      ['/compare', 'compare-empty'],
    ] as const) {
      const page = await open(fresh, url);
      await expect(page.getByTestId(id).getAttribute('data-step')).resolves.toBe('upload');
      expect(await text(page, id)).toMatch(/Upload some on the home page/);
      await page.close();
    }
    // The demo account's button is offered to anyone who is not the demo user.
    const home = await open(fresh, '/');
    await expect(home.getByRole('button', { name: 'Open the demo account' }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await fresh.close();
  }, 60_000);
});
