/**
 * Every page and every replay-detail tab at a phone (390×844) and a desktop (1440×900) width,
 * against the real spawned processes and Chromium: no horizontal page overflow, a screenshot of
 * each in web/test-results/ (for a person to look at), the collapsed nav operable by keyboard,
 * and axe-core finding no serious or critical accessibility violation on any page.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay } from '@rlcoach/db';
import { dropFiles, launchBrowser } from './browser';
import { demoReplays, REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results/layout');
const CORPUS = process.env.RLCOACH_CORPUS ?? path.resolve(REPO_ROOT, '../shared/replays');
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
const TABS = ['overview', 'mechanics', 'boost', 'positioning', 'timeline', 'defense', 'offense'] as const;

let stack: Stack;
let browser: Browser;
let storageState: Awaited<ReturnType<BrowserContext['storageState']>>;
let replayId: string;
let sessionPath: string;
let roomPath: string;
const consoleErrors: string[] = [];

/** The signed-in pages, each with a selector that shows its content has rendered. */
function pages(): Array<{ name: string; url: string; ready: string }> {
  return [
    { name: 'home', url: '/', ready: '[data-testid="drop-zone"]' },
    { name: 'replays', url: '/replays', ready: '[data-testid="replays-table"]' },
    { name: 'replay', url: `/replays/${replayId}`, ready: '[data-testid="tab-overview"]' },
    { name: 'sessions', url: '/sessions', ready: '[data-testid="session-card"]' },
    { name: 'session', url: sessionPath, ready: '[data-testid="session-games"]' },
    { name: 'trends', url: '/trends', ready: 'main h1' },
    { name: 'compare', url: '/compare', ready: 'main h1' },
    { name: 'settings', url: '/settings', ready: 'main h1' },
    // This stack has no Stripe keys: the page says billing is not configured.
    { name: 'upgrade', url: '/upgrade', ready: '[data-testid="billing-not-configured"]' },
    // The walker is an operator, so the ops page (live figures) is walked too.
    { name: 'ops', url: '/ops', ready: '[data-testid="ops-queues"]' },
    { name: 'coach', url: '/coach', ready: '[data-testid="coach-ask-form"]' },
    // A review room on the replay (its viewer, presence, chat, annotation tools, invite links).
    { name: 'room', url: roomPath, ready: '[data-testid="presence-member"]' },
  ];
}

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  // The coach page shows its full chat (a free player's preview offer and the ask form) only on a
  // server with an Anthropic key; nothing is asked here, so no upstream is needed.
  const coachKey = { ANTHROPIC_API_KEY: 'sk-ant-layout-test-not-used' };
  stack = await startStack('layout-e2e', { webEnv: coachKey, realtimeEnv: coachKey });
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  const res = await context.request.post(`${stack.webUrl}/signin/dev`, {
    form: { name: 'Layout Tester', next: '/', role: 'admin' },
    headers: { origin: stack.webUrl },
    maxRedirects: 0,
  });
  if (res.status() !== 303) throw new Error(`dev sign-in answered ${res.status()}: ${await res.text()}`);

  // A user with real replays: the demo matches uploaded through the page, one player claimed.
  const page = await context.newPage();
  await page.goto(stack.webUrl);
  await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
  const files = demoReplays();
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
      { timeout: 120_000 },
    );
  const doubles = files.find((f) => f.fileName === '2026-ranked-doubles.replay')!;
  const replay = await stack.db.orm.em.fork().findOneOrFail(Replay, { matchGuid: doubles.info.matchGuid });
  replayId = replay.id;
  await page.goto(`${stack.webUrl}/replays/${replayId}`);
  await page.locator('[data-testid="claim-me"]').first().click();
  await page.locator('[data-testid="hero-stats"]').waitFor({ timeout: 10_000 });
  await page.goto(`${stack.webUrl}/sessions`);
  sessionPath = (await page.locator('[data-testid="session-card"]').first().getAttribute('href')) ?? '';
  if (!sessionPath.startsWith('/sessions/')) throw new Error(`no session link: ${sessionPath}`);
  await page.goto(`${stack.webUrl}/replays/${replayId}`);
  await page.locator('[data-testid="open-room"]').click();
  await page.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
  roomPath = new URL(page.url()).pathname;
  await page.locator('[data-testid="invite-create"]').click();
  await page.locator('[data-testid="invite-link"]').waitFor();
  storageState = await context.storageState();
  await context.close();
}, 300_000);

afterAll(async () => {
  if (stack) writeFileSync(path.join(RESULTS_DIR, 'stack.log'), stack.logs());
  await browser?.close();
  await stack?.stop();
});

async function openContext(width: number, height: number): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height },
    storageState,
    reducedMotion: 'reduce',
  });
  context.on('page', (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
  });
  return context;
}

/** How far the page is wider than the window (0 when it fits), and which elements stick out. */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits: string[] = [];
    // Elements past the right edge that no scrolling box clips: the ones that widen the page.
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && culprits.length < 5 && !clipped(el))
        culprits.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
    return { extra: root.scrollWidth - width, culprits };
  });
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });

describe('layout and accessibility (real processes, Chromium)', () => {
  for (const vp of VIEWPORTS) {
    it(
      `fits every page and tab in ${vp.width}×${vp.height} without sideways scrolling`,
      { timeout: 300_000 },
      async () => {
        const context = await openContext(vp.width, vp.height);
        const page = await context.newPage();
        const problems: string[] = [];
        const check = async (name: string) => {
          const o = await overflow(page);
          if (o.extra > 0) problems.push(`${name}: ${o.extra}px too wide (${o.culprits.join('; ')})`);
          await shot(page, `${vp.name}-${name}`);
        };
        for (const p of pages()) {
          await page.goto(`${stack.webUrl}${p.url}`);
          await page.locator(p.ready).first().waitFor();
          if (p.name === 'replay') {
            await page.locator('[data-testid="viewer-canvas"]').waitFor({ timeout: 20_000 });
            for (const tab of TABS) {
              await page.locator(`[data-testid="tab-button-${tab}"]`).click();
              await page.locator(`[data-testid="tab-${tab}"]`).waitFor();
              await check(`replay-${tab}`);
            }
          } else await check(p.name);
        }
        for (const url of ['/signin', '/terms']) {
          const anon = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
          await anon.goto(`${stack.webUrl}${url}`);
          const o = await overflow(anon);
          if (o.extra > 0) problems.push(`${url}: ${o.extra}px too wide (${o.culprits.join('; ')})`);
          await anon.screenshot({ path: path.join(RESULTS_DIR, `${vp.name}${url.replace('/', '-')}.png`) });
          await anon.close();
        }
        await context.close();
        expect(problems).toEqual([]);
      },
    );
  }

  it('collapses the nav behind a menu button on a phone that the keyboard opens and closes', async () => {
    const context = await openContext(390, 844);
    const page = await context.newPage();
    await page.goto(`${stack.webUrl}/replays`);
    const menu = page.locator('[data-testid="nav-toggle"]');
    const trends = page.locator('nav[aria-label="Main"] a[href="/trends"]');
    await expect(menu.isVisible()).resolves.toBe(true);
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(trends.isVisible()).resolves.toBe(false);
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await trends.waitFor({ state: 'visible' });
    await shot(page, 'phone-nav-open');
    await page.keyboard.press('Escape');
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'nav-toggle',
    );
    await page.keyboard.press('Enter');
    await trends.click();
    await page.waitForURL(`${stack.webUrl}/trends`);
    // Navigating closes the menu again.
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    // On a desktop the links show without a menu button.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(menu.isVisible()).resolves.toBe(false);
    await expect(trends.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('finds no serious or critical axe violations on any page or tab', { timeout: 600_000 }, async () => {
    const context = await openContext(1440, 900);
    const page = await context.newPage();
    const found: string[] = [];
    const audit = async (name: string) => {
      const result = await new AxeBuilder({ page }).analyze();
      // The audit really ran on a rendered page (an empty result must not pass as "no violations").
      expect(result.passes.length, name).toBeGreaterThan(10);
      for (const v of result.violations)
        if (v.impact === 'serious' || v.impact === 'critical')
          found.push(
            `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
          );
      writeFileSync(path.join(RESULTS_DIR, 'axe.txt'), found.join('\n')); // readable while the walk runs
    };
    for (const p of pages()) {
      await page.goto(`${stack.webUrl}${p.url}`);
      await page.locator(p.ready).first().waitFor();
      if (p.name === 'replay') {
        await page.locator('[data-testid="viewer-canvas"]').waitFor({ timeout: 20_000 });
        for (const tab of TABS) {
          await page.locator(`[data-testid="tab-button-${tab}"]`).click();
          await page.locator(`[data-testid="tab-${tab}"]`).waitFor();
          await audit(`replay-${tab}`);
        }
      } else await audit(p.name);
    }
    const anonContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const anon = await anonContext.newPage();
    for (const url of ['/signin', '/terms']) {
      await anon.goto(`${stack.webUrl}${url}`);
      const result = await new AxeBuilder({ page: anon }).analyze();
      for (const v of result.violations)
        if (v.impact === 'serious' || v.impact === 'critical') found.push(`${url}: ${v.id} ${v.help}`);
    }
    await anonContext.close();
    await context.close();
    writeFileSync(path.join(RESULTS_DIR, 'axe.txt'), found.join('\n'));
    expect(found).toEqual([]);
  });

  it('shows upload cards on a phone: spectators left out, a non-replay as a sentence with details', async () => {
    const spectated = path.join(CORPUS, 'good/b2a19.replay'); // a 3v3 with three spectators (Team -1)
    const context = await openContext(390, 844);
    const page = await context.newPage();
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    const files = [{ name: 'notes.replay', bytes: new TextEncoder().encode('not a replay\n'.repeat(40)) }];
    if (existsSync(spectated))
      files.push({ name: 'b2a19.replay', bytes: new Uint8Array(readFileSync(spectated)) });
    await dropFiles(page, '[data-testid="drop-zone"]', files);
    const notes = page.locator('[data-testid="upload-row"][data-file="notes.replay"][data-status="refused"]');
    await notes.waitFor({ timeout: 10_000 });
    await expect(notes.getByTestId('row-sentence').textContent()).resolves.toBe(
      "This isn't a Rocket League replay file. Pick a .replay file from your Demos folder.",
    );
    await expect(notes.getByTestId('row-technical').isVisible()).resolves.toBe(false);
    await notes.getByText('Details').click();
    await expect(notes.getByTestId('row-technical').textContent()).resolves.toMatch(
      /^Parser: NOT_A_REPLAY: /,
    );
    if (existsSync(spectated)) {
      const card = page.locator(
        '[data-testid="upload-row"][data-file="b2a19.replay"] [data-testid="header-preview"]',
      );
      await card.waitFor({ timeout: 10_000 });
      for (const team of ['blue', 'orange'])
        await expect(
          card.locator(`table[data-team="${team}"] [data-testid="preview-player"]`).count(),
        ).resolves.toBe(3);
    }
    const o = await overflow(page);
    await shot(page, 'phone-upload-cards');
    await notes.screenshot({ path: path.join(RESULTS_DIR, 'phone-upload-row-refused.png') });
    if (existsSync(spectated))
      await page
        .locator('[data-testid="upload-row"][data-file="b2a19.replay"]')
        .screenshot({ path: path.join(RESULTS_DIR, 'phone-upload-row-spectators.png') });
    expect(o.extra, o.culprits.join('; ')).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
