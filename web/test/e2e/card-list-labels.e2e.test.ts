/**
 * One replay, one set of labels: for each demo replay (and the Gridiron corpus replay, whose team
 * score is points, and whose header has no match instant), the upload card once the analysis is
 * done and the Replays list row show the same playlist, date with its time-zone label, players of
 * each team and score. Real processes, real browser; screenshots of the list at 390 and 1440 px.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, launchBrowser, signInDev } from './browser';
import { demoReplays, REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results');
const CORPUS = process.env.RLCOACH_CORPUS ?? path.join(REPO_ROOT, '../shared/replays');
const GRIDIRON = path.join(CORPUS, 'good/gridiron.replay');

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack('card-list');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface Shown {
  playlist: string;
  date: string;
  blue: string[];
  orange: string[];
  score: string;
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The finished upload card of one file. */
async function cardOf(
  page: Page,
  fileName: string,
): Promise<{ replayId: string; shown: Shown; note: string | null }> {
  const row = page.locator(`[data-testid="upload-row"][data-file="${fileName}"]`);
  const board = row.getByTestId('scoreboard');
  await board.waitFor({ timeout: 120_000 });
  const names = async (team: string) =>
    (await board.locator(`table[data-team="${team}"] [data-testid="player-name"]`).allTextContents()).map(
      norm,
    );
  const note = board.getByTestId('score-note');
  return {
    replayId: (await row.getAttribute('data-replay-id')) ?? '',
    note: (await note.count()) > 0 ? norm(await note.textContent()) : null,
    shown: {
      playlist: norm(await board.getByTestId('playlist').textContent()),
      date: norm(await board.getByTestId('played-at').textContent()),
      blue: (await names('blue')).sort(),
      orange: (await names('orange')).sort(),
      score: `${norm(await board.getByTestId('blue-goals').textContent())}–${norm(await board.getByTestId('orange-goals').textContent())}`,
    },
  };
}

/** The Replays list row of one replay. */
async function listRowOf(page: Page, replayId: string): Promise<Shown> {
  const row = page.locator(`[data-testid="replay-row"][data-replay-id="${replayId}"]`);
  await row.waitFor({ timeout: 30_000 });
  const players = norm(await row.getByTestId('replay-players').textContent());
  const [blue = '', orange = ''] = players.split(' vs ');
  const team = (s: string) => (s === '—' ? [] : s.split(', ').map(norm)).sort();
  return {
    playlist: norm(await row.getByTestId('replay-playlist').textContent()),
    date: norm(await row.getByTestId('replay-date').textContent()),
    blue: team(blue),
    orange: team(orange),
    score: norm(await row.locator('.c-score').textContent()).replace(/\s*–\s*/, '–'),
  };
}

describe('the upload card and the Replays list agree', () => {
  it('on playlist, date, time zone, players and score for every demo replay and Gridiron', async () => {
    const files: Array<{ name: string; bytes: Uint8Array }> = demoReplays().map((f) => ({
      name: f.fileName,
      bytes: f.bytes,
    }));
    if (existsSync(GRIDIRON))
      files.push({ name: 'gridiron.replay', bytes: new Uint8Array(readFileSync(GRIDIRON)) });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await signInDev(page, stack.webUrl, `labels-${randomUUID().slice(0, 8)}`);
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    await dropFiles(
      page,
      '[data-testid="drop-zone"]',
      files.map((f) => ({ name: f.name, bytes: f.bytes })),
    );
    const cards = [];
    for (const f of files) cards.push({ file: f.name, ...(await cardOf(page, f.name)) });

    await page.goto(`${stack.webUrl}/replays`);
    for (const card of cards) {
      expect(card.replayId, card.file).not.toBe('');
      const listed = await listRowOf(page, card.replayId);
      expect(listed, card.file).toEqual(card.shown);
      expect(card.shown.playlist, card.file).not.toBe('');
      expect(card.shown.blue.length + card.shown.orange.length, card.file).toBeGreaterThan(0);
    }
    if (existsSync(GRIDIRON)) {
      const grid = cards.find((c) => c.file === 'gridiron.replay')!;
      // The replay's team score (points), the same in both views, and said to differ from goals.
      expect(grid.shown.score).toBe('21–30');
      expect(grid.shown.date).toMatch(/7 Feb 2021, \d\d:\d\d \(recorder's local time\)/);
      // The card says why the players' goals add up to something else.
      expect(grid.note).toMatch(/players' goals add up to \d+ – \d+/);
    }
    for (const c of cards.filter((c) => c.file !== 'gridiron.replay')) expect(c.note, c.file).toBeNull();

    mkdirSync(RESULTS_DIR, { recursive: true });
    for (const width of [390, 1440]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(`${stack.webUrl}/replays`);
      await page.getByTestId('replays-table').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(RESULTS_DIR, `replays-labels-${width}.png`), fullPage: true });
    }
    await context.close();
  }, 400_000);
});
