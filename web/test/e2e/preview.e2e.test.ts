/**
 * Instant preview in real Chromium against the real stack: a dropped corpus replay shows its header
 * scoreboard while its upload request is held back by route interception (nothing stored yet), and
 * files the parser refuses are refused on the spot without any upload request.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchInfo, parseHeader, type MatchInfo } from '@rlcoach/parser';
import { Replay } from '@rlcoach/db';
import { dropFiles, launchBrowser, signInDev } from './browser';
import { demoReplays, REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const CORPUS = process.env.RLCOACH_CORPUS ?? path.resolve(REPO_ROOT, '../shared/replays');
// A 3v3 corpus match (6 players, friendly map name); the demo doubles replay when the corpus is absent.
const CORPUS_FILE = path.join(CORPUS, 'with-stats/recent-ranked-standard-2026-03-10-a.replay');

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack('preview-e2e');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openHome(name: string): Promise<{ page: Page; uploads: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const uploads: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/uploads') && r.method() === 'POST') uploads.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signInDev(page, stack.webUrl, name);
  await page.goto(stack.webUrl);
  await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
  return { page, uploads, errors };
}

const row = (page: Page, file: string) => page.locator(`[data-testid="upload-row"][data-file="${file}"]`);

function fixture(): { name: string; bytes: Uint8Array; info: MatchInfo } {
  if (existsSync(CORPUS_FILE)) {
    const bytes = new Uint8Array(readFileSync(CORPUS_FILE));
    return { name: path.basename(CORPUS_FILE), bytes, info: matchInfo(parseHeader(bytes)) };
  }
  console.warn(`preview e2e: ${CORPUS_FILE} absent, using a demo replay`);
  const demo = demoReplays()[0]!;
  return { name: demo.fileName, bytes: demo.bytes, info: demo.info };
}

describe('instant preview (Chromium, real stack)', () => {
  it('shows the header scoreboard before the upload completes', async () => {
    const replay = fixture();
    const { page, uploads, errors } = await openHome('preview-user');

    // Hold the upload request until the preview has been checked.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    await page.route(`${stack.realtimeUrl}/api/uploads`, async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      held = true;
      await released;
      await route.continue();
    });

    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: replay.name, bytes: replay.bytes }]);
    const preview = row(page, replay.name).getByTestId('header-preview');
    await preview.waitFor({ timeout: 10_000 });
    await expect.poll(() => held, { timeout: 10_000 }).toBe(true);

    // Upload not answered: the row is still uploading and nothing is stored.
    expect(['waiting', 'uploading']).toContain(await row(page, replay.name).getAttribute('data-status'));
    expect(await stack.db.orm.em.fork().count(Replay, {})).toBe(0);

    const { info } = replay;
    expect(await preview.getByTestId('preview-blue-goals').textContent()).toBe(String(info.blueGoals));
    expect(await preview.getByTestId('preview-orange-goals').textContent()).toBe(String(info.orangeGoals));
    expect(info.mapName).not.toBeNull();
    expect(await preview.getByTestId('preview-map').textContent()).toBe(info.mapName);
    expect(await preview.getByTestId('preview-playlist').textContent()).toBe(
      `${info.teamSize}v${info.teamSize} ${info.matchType}`,
    );
    // MatchStartEpoch → "10 Mar 2026, 19:02 UTC"-style: day, month and year of the header instant.
    const played = new Date(info.playedAt!);
    const month = played.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
    expect(await preview.getByTestId('preview-played').textContent()).toContain(
      `${played.getUTCDate()} ${month} ${played.getUTCFullYear()}`,
    );
    const shown = await preview.getByTestId('preview-player').evaluateAll((rows) =>
      rows.map((r) => ({
        team: r.closest('table')?.getAttribute('data-team'),
        name: r.querySelector('[data-testid="preview-player-name"]')?.textContent?.trim(),
        score: r.querySelector('[data-testid="preview-player-score"]')?.textContent?.trim(),
      })),
    );
    const expected = info.players.map((p) => ({
      team: p.team === 0 ? 'blue' : 'orange',
      name: p.bot ? `${p.name} (bot)` : p.name,
      score: p.score === null ? '—' : String(p.score),
    }));
    const byName = (a: { name?: string }, b: { name?: string }) => (a.name ?? '').localeCompare(b.name ?? '');
    expect(expected.length).toBeGreaterThan(0);
    expect(shown.sort(byName)).toEqual(expected.sort(byName));

    const results = path.join(REPO_ROOT, 'web/test-results');
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: path.join(results, 'upload-preview.png'), fullPage: true });

    // Let the upload through: it is stored and leaves the uploading state.
    release();
    await page.waitForFunction(
      (file) => {
        const s = document.querySelector<HTMLElement>(`[data-testid="upload-row"][data-file="${file}"]`)
          ?.dataset.status;
        return !!s && !['checking', 'waiting', 'uploading', 'refused'].includes(s);
      },
      replay.name,
      { timeout: 30_000 },
    );
    expect(uploads).toHaveLength(1);
    expect(await stack.db.orm.em.fork().count(Replay, {})).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('refuses a non-replay and a cut-short replay on the spot, with the parser error, sending nothing', async () => {
    const { page, uploads, errors } = await openHome('preview-refusals');
    const text = new TextEncoder().encode('GG EZ. Notes from the match, not a replay.\n'.repeat(30));
    const cut = demoReplays()[0]!.bytes.slice(0, 4096); // the header alone is ~9 KB

    await dropFiles(page, '[data-testid="drop-zone"]', [
      { name: 'notes.replay', bytes: text },
      { name: 'cut.replay', bytes: cut },
    ]);
    for (const [file, label, parser] of [
      ['notes.replay', 'Not a replay', /Parser: NOT_A_REPLAY: not a Rocket League replay/],
      ['cut.replay', 'Truncated', /Parser: TRUNCATED: /],
    ] as const) {
      await page
        .locator(`[data-testid="upload-row"][data-file="${file}"][data-status="refused"]`)
        .waitFor({ timeout: 10_000 });
      expect(await row(page, file).getByTestId('row-status').textContent()).toContain(label);
      // A plain sentence shows; the parser's text is behind the "Details" toggle until opened.
      const technical = row(page, file).getByTestId('row-technical');
      expect(await row(page, file).getByTestId('row-sentence').textContent()).not.toMatch(
        /Parser|[A-Z]{3,}_/,
      );
      expect(await technical.isVisible()).toBe(false);
      await row(page, file).getByText('Details').click();
      expect(await technical.isVisible()).toBe(true);
      expect(await technical.textContent()).toMatch(parser);
      expect(await row(page, file).getByTestId('header-preview').count()).toBe(0);
    }
    // Give a (wrong) upload time to start, then check none was ever sent.
    await page.waitForTimeout(500);
    expect(uploads).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
