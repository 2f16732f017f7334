/**
 * The dashboard end to end, against the real spawned processes and Chromium: upload, open the
 * replay, claim "me", play and seek the 2D viewer, visit every tab and page, change the session
 * gap and watch sessions regroup, and see a second page of the same user update live when a
 * replay finishes. Screenshots go to web/test-results/; chart canvases must hold drawn pixels and
 * no page may log a console error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, User } from '@rlcoach/db';
import { matchSecondsAt, type ClockSegment } from '@rlcoach/parser/analysis/match-clock';
import { dropFiles, launchBrowser } from './browser';
import { demoReplays, REPO_ROOT, type ReplayFixture } from './fixtures';
import { withMatchStart } from './dash-fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results');
const PROCESSING_TIMEOUT_MS = 90_000;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
const consoleErrors: string[] = [];

const base = () => demoReplays().find((f) => f.fileName === '2026-ranked-doubles.replay')!;
let first: ReplayFixture;
let second: ReplayFixture;
let third: ReplayFixture;

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  first = base();
  // 20 minutes after the first started (~15 min after it ended): one session at a 30-minute gap, two at 5.
  second = withMatchStart(first, 'dash-second.replay', 20 * 60, 'B');
  third = withMatchStart(first, 'dash-third.replay', 3 * 3600, 'C');
  stack = await startStack('dash-e2e');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  // Development sign-in (a real database session cookie, shared by every page of this context).
  const res = await context.request.post(`${stack.webUrl}/signin/dev`, {
    form: { name: 'Dash Tester', next: '/' },
    headers: { origin: stack.webUrl },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`dev sign-in answered ${res.status()}: ${await res.text()}`);
}, 180_000);

afterAll(async () => {
  if (stack) writeFileSync(path.join(RESULTS_DIR, 'dashboard-stack.log'), stack.logs());
  await browser?.close();
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function uploadAndWait(page: Page, files: ReplayFixture[]): Promise<void> {
  await page.goto(stack.webUrl);
  await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
  await dropFiles(
    page,
    '[data-testid="drop-zone"]',
    files.map((f) => ({ name: f.fileName, bytes: f.bytes })),
  );
  for (const f of files)
    await page.waitForFunction(
      (file) =>
        ['done', 'partial'].includes(
          document.querySelector<HTMLElement>(`[data-testid="upload-row"][data-file="${file}"]`)?.dataset
            .status ?? '',
        ),
      f.fileName,
      { timeout: PROCESSING_TIMEOUT_MS },
    );
}

async function replayIdByGuid(guid: string): Promise<string> {
  const r = await stack.db.orm.em.fork().findOneOrFail(Replay, { matchGuid: guid });
  return r.id;
}

/** Share of non-background pixels in a canvas (0 when nothing was drawn). */
async function drawnFraction(page: Page, selector: string): Promise<number> {
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

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(RESULTS_DIR, `dashboard-${name}.png`), fullPage: true });

describe('dashboard (real processes, Chromium)', () => {
  let replayId: string;

  it('uploads, opens the replay, claims "me", plays and seeks the viewer, and shows every tab', async () => {
    const page = await newPage();
    await uploadAndWait(page, [first, second]);
    replayId = await replayIdByGuid(first.info.matchGuid!);

    await page.goto(`${stack.webUrl}/replays/${replayId}`);
    await expect(page.locator('[data-testid="replay-title"]').textContent()).resolves.toBe(
      first.info.mapName,
    );
    // Claim the first player that has a platform id.
    await page.locator('[data-testid="pick-me"]').waitFor();
    await page.locator('[data-testid="claim-me"]').first().click();
    await page.locator('[data-testid="hero-stats"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="my-result"]').waitFor();

    // Viewer: decoded track drawn, play advances the clock, seek moves it.
    await page.locator('[data-testid="viewer-canvas"]').waitFor({ timeout: 20_000 });
    expect(await drawnFraction(page, '[data-testid="viewer-canvas"]')).toBeGreaterThan(0.3);
    const clock = page.locator('[data-testid="viewer-clock"]');
    const before = await clock.textContent();
    // One match clock: the header's length and the viewer's duration agree within a second.
    const secondsOf = (mss: string) => Number(mss.split(':')[0]) * 60 + Number(mss.split(':')[1]);
    const headerLength = secondsOf((await page.locator('[data-testid="match-length"]').textContent()) ?? '');
    const viewerLength = secondsOf(before?.split('/')[1]?.trim() ?? '');
    expect(
      Math.abs(headerLength - viewerLength),
      `header ${headerLength} s, viewer ${viewerLength} s`,
    ).toBeLessThanOrEqual(1);
    await page.locator('[data-testid="viewer-speed"]').selectOption('4');
    await page.locator('[data-testid="viewer-play"]').click();
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="viewer-clock"]')?.textContent !== b,
      before,
      { timeout: 10_000 },
    );
    await page.locator('[data-testid="viewer-play"]').click(); // pause
    const scrubber = page.locator('[data-testid="viewer-scrubber"]');
    const max = Number(await scrubber.getAttribute('max'));
    const min = Number(await scrubber.getAttribute('min'));
    await scrubber.evaluate(
      (el: HTMLInputElement, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      min + (max - min) / 2,
    );
    // The viewer's clock is the stored report's match clock (parser analysis/match-clock.ts).
    const [stored] = await stack.db.orm.em
      .fork()
      .getConnection()
      .execute(`select report->'match'->'clock' as clock from replay_results where replay_id = ?`, [
        replayId,
      ]);
    const segments = (stored?.clock as { segments: ClockSegment[] } | undefined)?.segments;
    if (!segments?.length) throw new Error(`no match clock in the stored report of ${replayId}`);
    const mid = Math.floor(matchSecondsAt(segments, min + (max - min) / 2));
    await expect(clock.textContent()).resolves.toMatch(
      new RegExp(`^${Math.floor(mid / 60)}:${String(mid % 60).padStart(2, '0')} /`),
    );
    // Keyboard: the viewer is focusable and Space toggles playback.
    await page.locator('[data-testid="viewer"]').focus();
    await page.keyboard.press('Space');
    await expect(page.locator('[data-testid="viewer-play"]').getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await page.keyboard.press('Space');
    await shot(page, 'replay-overview');

    // Every tab renders its panel; the timeline seeks the viewer.
    for (const tab of ['mechanics', 'boost', 'positioning', 'timeline', 'defense', 'offense', 'overview']) {
      await page.locator(`[data-testid="tab-button-${tab}"]`).click();
      await page.locator(`[data-testid="tab-${tab}"]`).waitFor();
      if (tab === 'positioning') {
        await page.locator('[data-testid="heatmap-canvas"]').first().waitFor();
        expect(await drawnFraction(page, '[data-testid="heatmap-canvas"]')).toBeGreaterThan(0.5);
      }
      if (tab === 'offense' || tab === 'defense') {
        // Shots, xG and saves on screen are the stored report's, row for row.
        const [row] = await stack.db.orm.em
          .fork()
          .getConnection()
          .execute(
            `select jsonb_array_length(report->'events'->'shots') as shots,
                    jsonb_array_length(report->'events'->'saves') as saves,
                    report->'teams'->'blue' as blue
               from replay_results where replay_id = ?`,
            [replayId],
          );
        if (!row) throw new Error(`no stored report for replay ${replayId}`);
        if (tab === 'offense') {
          await expect(page.locator('[data-testid="shot-table"] tbody tr').count()).resolves.toBe(row.shots);
          await expect(page.locator('[data-testid="xg-model"]').textContent()).resolves.toMatch(
            /model estimate/,
          );
          // A ranked doubles match is a fitted mode: the team's xG is shown with its 90 % range.
          const blue = row.blue as { xg: number; xg_low: number; xg_high: number };
          await expect(page.locator('[data-testid="team-xg"]').textContent()).resolves.toContain(
            `Blue ${blue.xg.toFixed(2)} (${blue.xg_low.toFixed(2)}–${blue.xg_high.toFixed(2)})`,
          );
        } else if (row.saves > 0) {
          await expect(page.locator('[data-testid="save-list"] li').count()).resolves.toBe(row.saves);
        }
      }
      if (tab === 'mechanics') {
        // A clicked timestamped mechanic moves the viewer clock to its time.
        // A ranked doubles match always has flips, so an empty list is itself a failure.
        const buttons = page.locator('[data-testid="mechanics-events"] button');
        expect(await buttons.count()).toBeGreaterThan(0);
        const first = buttons.first();
        const t = await first.locator('.clock').textContent();
        await first.click();
        await expect(clock.textContent()).resolves.toMatch(new RegExp(`^${t} /`));
      }
      if (tab === 'timeline') {
        const ev = page.locator('[data-testid="timeline-event"]').first();
        const t = await ev.locator('.t').textContent();
        await ev.click();
        await expect(clock.textContent()).resolves.toMatch(new RegExp(`^${t} /`));
      }
      await shot(page, `tab-${tab}`);
    }
    // Stat names are friendly labels, never snake_case keys.
    const labels = await page.locator('[data-testid="stat-table"] tbody th').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    for (const l of labels) expect(l).not.toMatch(/_/);
  });

  it('shows Home with the claimed player’s stats and a sortable, filterable Replays list', async () => {
    const page = await newPage();
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="home-summary"]').waitFor();
    await expect(page.locator('[data-testid="win-rate"]').textContent()).resolves.toMatch(/^(0|50|100) %$/);
    await expect(page.locator('[data-testid="recent-games"] li').count()).resolves.toBe(2);
    await shot(page, 'home');

    await page.goto(`${stack.webUrl}/replays`);
    await expect(page.locator('[data-testid="replay-row"]').count()).resolves.toBe(2);
    // The map name links to the detail page.
    await expect(page.locator('[data-testid="replay-link"]').first().getAttribute('href')).resolves.toMatch(
      /^\/replays\/[0-9a-f-]{36}$/,
    );
    await page.locator('[data-testid="sort-result"]').click();
    await page.waitForURL(/sort=result/);
    await page.locator('[data-testid="filter-result"]').selectOption('unknown');
    await page.waitForURL(/result=unknown/);
    await expect(page.locator('[data-testid="replay-count"]').textContent()).resolves.toBe('0 of 2 replays');
    await page.locator('[data-testid="filter-result"]').selectOption('');
    await page.waitForURL((u) => !u.search.includes('result=unknown'));
    await expect(page.locator('[data-testid="replay-row"]').count()).resolves.toBe(2);
    await shot(page, 'replays');
  });

  it('visits Sessions, Trends, Compare and Settings, and regroups sessions when the gap changes', async () => {
    const page = await newPage();
    await page.goto(`${stack.webUrl}/sessions`);
    await expect(page.locator('[data-testid="session-card"]').count()).resolves.toBe(1);
    await shot(page, 'sessions-30');
    // The session detail lists both games, linked to their replays.
    await page.locator('[data-testid="session-card"]').first().click();
    await page.waitForURL(/\/sessions\/s[0-9a-z]+$/);
    await expect(page.locator('[data-testid="session-games"] li').count()).resolves.toBe(2);

    await page.goto(`${stack.webUrl}/trends`);
    await page.locator('[data-testid="line-chart"] canvas').waitFor();
    await page.locator('[data-testid="trend-axis-replay"]').check();
    await page.waitForTimeout(200);
    expect(await drawnFraction(page, '[data-testid="line-chart"] canvas')).toBeGreaterThan(0.005);
    // The metric is loaded by the server (?metric=); the chosen axis survives that load.
    await page.locator('[data-testid="trend-metric"]').selectOption('win');
    await page.waitForURL((u) => u.searchParams.get('metric') === 'win');
    await expect(page.locator('[data-testid="trend-axis-replay"]').isChecked()).resolves.toBe(true);
    await shot(page, 'trends');

    await page.goto(`${stack.webUrl}/compare`);
    await expect(page.locator('[data-testid="estimate-label"]').textContent()).resolves.toBe(
      'published estimates',
    );
    await page.locator('[data-testid="compare-rank"]').selectOption('GC1');
    await page.getByText('Not enough data: 2 Doubles (2v2) games').waitFor(); // two games < 3 needed
    await shot(page, 'compare');

    await page.goto(`${stack.webUrl}/settings`);
    await page.locator('[data-testid="gap-input"]').fill('5');
    await page.locator('[data-testid="save-preferences"]').click();
    await page.locator('[data-testid="saved"]').waitFor();
    await shot(page, 'settings');

    await page.goto(`${stack.webUrl}/sessions`);
    await expect(page.locator('[data-testid="session-gap"]').textContent()).resolves.toBe('5 minutes');
    await expect(page.locator('[data-testid="session-card"]').count()).resolves.toBe(2);
    await shot(page, 'sessions-5');
  });

  it('updates Sessions, Replays and Home in place on other pages when a replay finishes', async () => {
    const watch = async (url: string, selector: string, name: string) => {
      const page = await newPage();
      await page.goto(`${stack.webUrl}${url}`);
      return { page, selector, name, before: await page.locator(selector).count() };
    };
    const watchers = [
      await watch('/sessions', '[data-testid="session-card"]', 'sessions'),
      await watch('/replays', '[data-testid="replay-row"]', 'replays'),
      await watch('/', '[data-testid="recent-games"] li', 'home'),
    ];
    await watchers[0]!.page.waitForTimeout(1000); // sockets connected (the layout connects on mount)
    const uploader = await newPage();
    await uploadAndWait(uploader, [third]);
    // No reload on the watchers: the new replay arrives through the replay:done event.
    for (const w of watchers) {
      await w.page.waitForFunction(
        ([sel, n]) => document.querySelectorAll(sel as string).length === (n as number) + 1,
        [w.selector, w.before] as const,
        { timeout: 20_000 },
      );
      await shot(w.page, `live-${w.name}`);
    }
  });

  it('filters Replays by play session: the listed rows are exactly that session’s games in Postgres', async () => {
    const page = await newPage();
    // Back to a 30-minute gap: the first two matches (20 min apart) are one session, the third its own.
    await page.goto(`${stack.webUrl}/settings`);
    await page.locator('[data-testid="gap-input"]').fill('30');
    await page.locator('[data-testid="save-preferences"]').click();
    await page.locator('[data-testid="saved"]').waitFor();

    const em = stack.db.orm.em.fork();
    const user = await em.findOneOrFail(User, { displayName: 'Dash Tester' });
    const sessions: Array<{ id: string; games: string[] }> = await em.getConnection().execute(
      `select p.id, array_agg(s.replay_id::text) as games
         from play_sessions p join replay_summaries s on s.user_id = p.user_id and s.session_id = p.id
        where p.user_id = ? group by p.id, p.started_at order by p.started_at`,
      [user.id],
    );
    expect(sessions.map((x) => x.games.length)).toEqual([2, 1]);

    await page.goto(`${stack.webUrl}/replays`);
    await expect(page.locator('[data-testid="replay-row"]').count()).resolves.toBe(3);
    const listed = () =>
      page
        .locator('[data-testid="replay-link"]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/').pop()!).sort());
    for (const session of sessions) {
      await page.locator('[data-testid="filter-session"]').selectOption(session.id);
      await page.waitForURL((u) => u.searchParams.get('session') === session.id);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="replay-row"]').length === n,
        session.games.length,
      );
      expect(await listed()).toEqual([...session.games].sort());
    }
    await shot(page, 'replays-session');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
