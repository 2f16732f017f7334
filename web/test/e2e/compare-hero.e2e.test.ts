/**
 * Compare for a non-doubles mode and the Home mechanics hero, in Chromium against the real stack:
 * a 3v3 corpus match (re-dated to two days ago so it falls in "this period") is uploaded, analysed
 * by the worker, claimed as "me"; the figures on screen must be the stored report's.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { Replay } from '@rlcoach/db';
import { dropFiles, launchBrowser, signInDev } from './browser';
import { withMatchStart } from './dash-fixtures';
import { REPO_ROOT, type ReplayFixture } from './fixtures';
import { startStack, type Stack } from './stack';

const CORPUS = process.env.RLCOACH_CORPUS ?? path.resolve(REPO_ROOT, '../shared/replays');
const STANDARD = path.join(CORPUS, 'with-stats/recent-ranked-standard-2026-03-10-a.replay');
const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results');

let stack: Stack;
let browser: Browser;

describe.skipIf(!existsSync(STANDARD))('compare (3v3) and the mechanics hero (Chromium, real stack)', () => {
  let page: Page;
  let fixture: ReplayFixture;
  const errors: string[] = [];

  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync(STANDARD));
    const source = { fileName: 'standard.replay', bytes, info: matchInfo(parseHeader(bytes)) };
    const twoDaysAgo = Math.round((Date.now() - 2 * 86_400_000 - Date.parse(source.info.playedAt!)) / 1000);
    fixture = withMatchStart(source, 'standard-recent.replay', twoDaysAgo, 'D');
    stack = await startStack('compare-e2e');
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await signInDev(page, stack.webUrl, 'compare-user');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The claimed player's block of the stored report, straight from Postgres. */
  interface StoredPlayer {
    stats: { core: Record<string, number>; movement: Record<string, number> };
    mechanics: { counts: Record<string, number> };
  }
  async function storedMe(replayId: string, name: string): Promise<StoredPlayer> {
    const [row] = await stack.db.orm.em
      .fork()
      .getConnection()
      .execute(
        `select p as player from replay_results r, jsonb_array_elements(r.report->'players') p
          where r.replay_id = ? and p->>'name' = ?`,
        [replayId, name],
      );
    if (!row) throw new Error(`no stored report player ${name}`);
    return row.player;
  }

  it('uploads a 3v3 match, claims a player, and compares it in its own mode with the stored figures', async () => {
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: fixture.fileName, bytes: fixture.bytes }]);
    await page
      .locator(`[data-testid="upload-row"][data-file="${fixture.fileName}"][data-status="done"]`)
      .waitFor({ timeout: 90_000 });
    const replay = await stack.db.orm.em.fork().findOneOrFail(Replay, { matchGuid: fixture.info.matchGuid });

    await page.goto(`${stack.webUrl}/replays/${replay.id}`);
    const claim = page.locator('[data-testid="claim-me"]').first();
    await claim.waitFor();
    await claim.click();
    await page.locator('[data-testid="hero-stats"]').waitFor({ timeout: 10_000 });
    const [{ name } = { name: '' }] = await stack.db.orm.em
      .fork()
      .getConnection()
      .execute(
        `select p->>'name' as name from replay_results r, jsonb_array_elements(r.report->'players') p, player_claims c
          where r.replay_id = ? and c.player_key = (p->>'platform') || ':' || (p->>'platform_id')`,
        [replay.id],
      );
    expect(name).not.toBe('');
    const me = await storedMe(replay.id, name);

    // No mode in the URL: the mode with the most games (3v3 here) is shown.
    await page.goto(`${stack.webUrl}/compare`);
    await expect(page.getByTestId('compare-rank-section').getAttribute('data-mode')).resolves.toBe(
      'standard',
    );
    await expect(page.getByTestId('compare-mode-standard').getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await expect(page.getByTestId('estimate-label').textContent()).resolves.toBe('published estimates');
    await expect(page.getByTestId('rank-unavailable').textContent()).resolves.toMatch(
      /No published estimates exist for Standard \(3v3\)/,
    );
    await expect(page.getByTestId('self-counts').textContent()).resolves.toMatch(
      /^\s*1 game in this period, 0 in/,
    );
    const cell = (key: string, col: number) =>
      page.locator(`[data-testid="self-table"] tr[data-key="${key}"] td`).nth(col).textContent();
    await expect(cell('core.goals', 0)).resolves.toBe(String(me.stats.core.goals));
    await expect(cell('core.saves', 0)).resolves.toBe(String(me.stats.core.saves));
    await expect(cell('movement.avg_speed', 0)).resolves.toBe(
      `${Math.round(me.stats.movement.avg_speed!).toLocaleString('en-US')} uu/s`,
    );
    await expect(cell('core.goals', 1)).resolves.toBe('—'); // nothing in the previous period
    await expect(cell('core.goals', 2)).resolves.toBe('not enough data');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'compare-standard.png'), fullPage: true });

    // Doubles has estimates but no doubles games here: the rank picker says there is not enough data.
    await page.goto(`${stack.webUrl}/compare?mode=doubles`);
    await page.getByTestId('compare-rank').selectOption('GC1');
    await expect(page.getByTestId('rank-too-few').textContent()).resolves.toMatch(/0 Doubles \(2v2\) games/);

    // Home hero: per-game mechanics are this game's stored counts; movement asks for a doubles rank.
    await page.goto(stack.webUrl);
    await page.getByTestId('mechanics-hero').waitFor();
    const explainer = ((await page.getByTestId('hero-explainer').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(explainer).toMatch(/1 analysed game\. No published benchmark covers mechanics/);
    expect(explainer).toMatch(/the last 30 days \(1 game\) against the 30 days before \(0 games\)/);
    const counts = me.mechanics.counts;
    const shown = await page
      .getByTestId('hero-mechanic')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-key'),
          e.querySelector('[data-testid="hero-per-game"]')?.textContent,
        ]),
      );
    const expected = Object.entries({ ...counts, powerslide: me.stats.movement.count_powerslide! })
      .filter(([k, v]) => v > 0 && !['jump', 'double_jump', 'flip'].includes(k))
      .map(([k, v]) => [k, v >= 10 ? v.toFixed(1) : v.toFixed(2)]);
    expect(expected.length).toBeGreaterThan(0);
    expect(shown.sort()).toEqual(expected.sort());
    await expect(page.getByTestId('hero-trend').first().textContent()).resolves.toMatch(
      /trend needs 3 games in each period/,
    );
    await expect(page.getByTestId('hero-estimate-label').textContent()).resolves.toBe('published estimates');
    await expect(page.getByTestId('hero-movement-empty').textContent()).resolves.toMatch(
      /Set your doubles rank/,
    );
    await page.screenshot({ path: path.join(RESULTS_DIR, 'home-hero.png'), fullPage: true });

    // Ranks are set per playlist in Settings, on the whole ladder; Compare names them and says
    // plainly when no published estimate covers the mode or the rank.
    await page.goto(`${stack.webUrl}/settings`);
    await page.getByTestId('rank-standard').selectOption('D2');
    await page.getByTestId('rank-doubles').selectOption('P1');
    await page.getByTestId('save-preferences').click();
    await page.getByTestId('saved').waitFor();
    const stored = await stack.db.orm.em
      .fork()
      .getConnection()
      .execute(
        `select up.ranks from user_preferences up join replay_ownerships o on o.user_id = up.user_id where o.replay_id = ?`,
        [replay.id],
      );
    expect(stored[0]?.ranks).toEqual({ standard: 'D2', doubles: 'P1' });
    await page.goto(`${stack.webUrl}/compare?mode=standard`);
    await expect(page.getByTestId('rank-unavailable').textContent()).resolves.toMatch(
      /your rank in Settings: Diamond II/,
    );
    await page.goto(`${stack.webUrl}/compare?mode=doubles`);
    await expect(page.getByTestId('rank-not-covered').textContent()).resolves.toMatch(
      /no benchmark for Platinum I/,
    );
    expect(errors).toEqual([]);
  }, 180_000);
});
