/**
 * The headline path, against the real spawned processes and a real browser:
 * drop replays → live stages over Socket.IO → scoreboards from the files' own
 * headers, plus the refusals (not a replay, too large, corrupt) that must not
 * cost the rest of the batch.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, launchBrowser, recordRowStatuses, rowStatuses, signInDev } from './browser';
import { Replay } from '@rlcoach/db';
import { corruptAfterHeader, demoReplays, REPO_ROOT, withNewMatchGuid, type ReplayFixture } from './fixtures';
import { startStack, type Stack } from './stack';

const RESULTS_DIR = path.join(REPO_ROOT, 'web/test-results');
/** Order of the row statuses on one bar: a live bar only ever moves forward. */
const PIPELINE = [
  'checking',
  'waiting',
  'uploading',
  'queued',
  'parsing',
  'analysing',
  'saving',
  'done',
  'partial',
  'failed',
];
const FINISHED = ['done', 'partial'];
const FINISHED_STATUSES: string[] = ['analysed', 'partial'];
const PROCESSING_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 180_000;
const JOB_DELAY_MS = 2000;
const WORKER_STAGES = ['queued', 'parsing', 'analysing', 'saving'];

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  // The worker's test-only delay (inside the analysing stage) keeps each job open long enough that the
  // upload response, which carries the replay ids, always arrives while work is still in flight.
  stack = await startStack('web-e2e', { workerHooks: { analyse: { delayMs: JOB_DELAY_MS } } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openHome(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await recordRowStatuses(page);
  // A fresh browser context is a fresh user, as a guest used to be.
  await signInDev(page, stack.webUrl, `uploader-${randomUUID().slice(0, 8)}`);
  await page.goto(stack.webUrl);
  // Live progress must be connected before the upload, or there would be no stages to see.
  await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });
  return page;
}

const row = (page: Page, fileName: string) =>
  page.locator(`[data-testid="upload-row"][data-file="${fileName}"]`);

async function waitForStatus(
  page: Page,
  fileName: string,
  statuses: string[],
  timeout = PROCESSING_TIMEOUT_MS,
): Promise<string> {
  try {
    await page.waitForFunction(
      ([file, wanted]) => {
        const el = document.querySelector<HTMLElement>(`[data-testid="upload-row"][data-file="${file}"]`);
        return !!el && (wanted as string[]).includes(el.dataset.status ?? '');
      },
      [fileName, statuses] as const,
      { timeout, polling: 100 },
    );
  } catch (e) {
    const current = await row(page, fileName)
      .getAttribute('data-status')
      .catch(() => null);
    const seen = await rowStatuses(page).catch(() => ({}));
    throw new Error(
      `${fileName} never reached ${statuses.join('/')} (now ${current}; seen ${JSON.stringify(seen)}); process logs:\n${stack.logs().slice(-6000)}`,
      { cause: e },
    );
  }
  return (await row(page, fileName).getAttribute('data-status')) ?? '';
}

/** The scoreboard shown for a file must carry exactly the names, scores and goals its header records. */
async function expectScoreboardOf(
  page: Page,
  fixture: ReplayFixture,
  fileName = fixture.fileName,
): Promise<void> {
  const board = row(page, fileName).locator('[data-testid="scoreboard"]');
  await board.waitFor({ timeout: 15_000 });
  expect(await board.locator('[data-testid="blue-goals"]').textContent()).toBe(
    String(fixture.info.blueGoals),
  );
  expect(await board.locator('[data-testid="orange-goals"]').textContent()).toBe(
    String(fixture.info.orangeGoals),
  );

  const shown = await board.locator('[data-testid="player-row"]').evaluateAll((rows) =>
    rows.map((r) => ({
      team: r.closest('table')?.getAttribute('data-team'),
      name: r.querySelector('[data-testid="player-name"]')?.textContent?.trim(),
      score: r.querySelector('[data-testid="player-score"]')?.textContent?.trim(),
    })),
  );
  const expected = fixture.info.players
    .filter((p) => !p.bot)
    .map((p) => ({
      team: p.team === 0 ? 'blue' : 'orange',
      name: p.name,
      score: p.score === null ? '—' : String(p.score),
    }));
  const byName = (a: { name?: string }, b: { name?: string }) => (a.name ?? '').localeCompare(b.name ?? '');
  expect(expected.length).toBeGreaterThan(0);
  expect(shown.sort(byName)).toEqual(expected.sort(byName));
}

describe('upload end to end (real realtime, worker, web; Chromium)', () => {
  it(
    'drops three replays, shows each moving through the stages live, then their scoreboards',
    async () => {
      const fixtures = demoReplays();
      expect(fixtures.length).toBe(3);
      const page = await openHome();
      await expect(page.locator('[data-testid="drop-zone"]').textContent()).resolves.toMatch(
        /50 files.*10 MB/s,
      );

      await dropFiles(
        page,
        '[data-testid="drop-zone"]',
        fixtures.map((f) => ({ name: f.fileName, bytes: f.bytes })),
      );
      await expect(page.locator('[data-testid="upload-row"]').count()).resolves.toBe(3);

      for (const f of fixtures) expect(FINISHED).toContain(await waitForStatus(page, f.fileName, FINISHED));
      for (const f of fixtures) await expectScoreboardOf(page, f);

      // Every bar went forward through upload and the worker's stages, in order, without a reload.
      // Each bar showed at least two of the worker's stages live; jobs run one at a time, so the
      // files behind the first one are seen queued and then parsing (with the worker's real percent).
      const log = await rowStatuses(page);
      let parsingSeen = 0;
      for (const f of fixtures) {
        const seen = log[f.fileName] ?? [];
        expect(seen, `${f.fileName}: ${seen.join(' → ')}`).toContain('uploading');
        expect(
          new Set(seen.filter((s) => WORKER_STAGES.includes(s))).size,
          `${f.fileName}: ${seen.join(' → ')}`,
        ).toBeGreaterThanOrEqual(2);
        if (seen.includes('parsing')) parsingSeen++;
        const positions = seen.map((s) => PIPELINE.indexOf(s));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect(positions, `${f.fileName} went backwards: ${seen.join(' → ')}`).toEqual(
          [...positions].sort((a, b) => a - b),
        );
        await expect(
          row(page, f.fileName).locator('[role="progressbar"]').getAttribute('aria-valuenow'),
        ).resolves.toBe('100');
      }
      expect(parsingSeen, JSON.stringify(log)).toBeGreaterThanOrEqual(2);

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS_DIR, 'upload.png'), fullPage: true });

      // The same bytes again under another name: linked as a duplicate, not parsed again, scoreboard still shown.
      const again = fixtures[2]!;
      await dropFiles(page, '[data-testid="drop-zone"]', [{ name: 'again.replay', bytes: again.bytes }]);
      expect(await waitForStatus(page, 'again.replay', FINISHED, 20_000)).toBe('done');
      await expect(row(page, 'again.replay').getAttribute('data-duplicate')).resolves.toBe('true');
      await expectScoreboardOf(page, again, 'again.replay');
      expect((await rowStatuses(page))['again.replay']).not.toContain('parsing');

      // The list page reads the same replays back from the database.
      await page.goto(`${stack.webUrl}/replays`);
      const listed = page.locator('[data-testid="replay-row"]');
      await expect(listed.count()).resolves.toBe(3);
      const scores = (await listed.locator('.score').allTextContents()).map((s) => s.replace(/\s+/g, ''));
      expect(scores.sort()).toEqual(fixtures.map((f) => `${f.info.blueGoals}–${f.info.orangeGoals}`).sort());
      await page.screenshot({ path: path.join(RESULTS_DIR, 'replays.png'), fullPage: true });
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses a text file and a 20 MB file on the spot, fails a corrupt replay with a reason, and still finishes the rest',
    async () => {
      const [source] = demoReplays();
      if (!source) throw new Error('no demo replay');
      const fresh = withNewMatchGuid(source, 'fresh-copy.replay', 'A');
      const corrupt = corruptAfterHeader(withNewMatchGuid(source, 'corrupt.replay', 'B'), 'corrupt.replay');
      const text = new TextEncoder().encode('These are my notes about the match, not a replay.\n'.repeat(20));
      const huge = new Uint8Array(20 * 1024 * 1024);
      huge.set(source.bytes.subarray(0, 4096)); // looks like a replay: only the size is wrong
      const truncated = source.bytes.slice(0, 4096); // cut inside the header: the browser's header decode refuses it

      const page = await openHome();
      // Real files on disk, picked by path: Chromium reads them itself, instead of Playwright
      // pushing 20 MB through the DevTools protocol (which timed out on a loaded machine).
      const pickDir = mkdtempSync(path.join(os.tmpdir(), 'rlcoach-pick-'));
      const picked = (
        [
          ['notes.replay', text],
          ['corrupt.replay', corrupt.bytes],
          ['huge.replay', huge],
          ['fresh-copy.replay', fresh.bytes],
          ['truncated.replay', truncated],
        ] as const
      ).map(([name, bytes]) => {
        const file = path.join(pickDir, name);
        writeFileSync(file, bytes);
        return file;
      });
      await page.setInputFiles('[data-testid="file-input"]', picked);

      expect(await waitForStatus(page, 'notes.replay', ['refused'], 5_000)).toBe('refused');
      await expect(
        row(page, 'notes.replay').locator('[data-testid="row-status"]').textContent(),
      ).resolves.toContain('Not a replay');
      await expect(
        row(page, 'notes.replay').locator('[data-testid="row-sentence"]').textContent(),
      ).resolves.toBe("This isn't a Rocket League replay file. Pick a .replay file from your Demos folder.");
      await expect(
        row(page, 'notes.replay').locator('[data-testid="row-technical"]').textContent(),
      ).resolves.toMatch(/^Parser: NOT_A_REPLAY: not a Rocket League replay/);

      expect(await waitForStatus(page, 'huge.replay', ['refused'], 5_000)).toBe('refused');
      await expect(
        row(page, 'huge.replay').locator('[data-testid="row-status"]').textContent(),
      ).resolves.toContain('Too large');
      await expect(
        row(page, 'huge.replay').locator('[data-testid="row-detail"]').textContent(),
      ).resolves.toMatch(/20 MB.*limit is 10 MB/);

      // Neither refused file was ever uploaded.
      const log = await rowStatuses(page);
      expect(log['notes.replay']).not.toContain('uploading');
      expect(log['huge.replay']).not.toContain('uploading');

      // Refused in the browser by the parser's header decode, never uploaded.
      expect(await waitForStatus(page, 'truncated.replay', ['refused'], 5_000)).toBe('refused');
      expect((await rowStatuses(page))['truncated.replay']).not.toContain('uploading');
      await expect(
        row(page, 'truncated.replay').locator('[data-testid="row-sentence"]').textContent(),
      ).resolves.toMatch(/cut short/);
      await expect(
        row(page, 'truncated.replay').locator('[data-testid="row-technical"]').textContent(),
      ).resolves.toMatch(/^Parser: TRUNCATED: /);

      const corruptEnd = await waitForStatus(page, 'corrupt.replay', ['failed', 'partial']);
      const reason =
        (await row(page, 'corrupt.replay').locator('[data-testid="row-detail"]').textContent())?.trim() ?? '';
      expect(reason.length, `corrupt replay ended ${corruptEnd} without a reason`).toBeGreaterThan(10);

      expect(FINISHED).toContain(await waitForStatus(page, 'fresh-copy.replay', FINISHED));
      await expectScoreboardOf(page, fresh);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'upload-refusals.png'), fullPage: true });
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    're-syncs an in-flight replay after the socket drops and comes back',
    async () => {
      const [, source] = demoReplays();
      const replay = withNewMatchGuid(source!, 'reconnect.replay', 'C');
      const page = await openHome();
      await dropFiles(page, '[data-testid="drop-zone"]', [{ name: replay.fileName, bytes: replay.bytes }]);
      const inFlight = await waitForStatus(page, replay.fileName, [...WORKER_STAGES, ...FINISHED], 30_000);
      expect(
        WORKER_STAGES,
        'the job finished before the upload response arrived: the machine is too loaded for this test',
      ).toContain(inFlight);
      const replayId = await row(page, replay.fileName).getAttribute('data-replay-id');
      expect(replayId).toMatch(/^[0-9a-f-]{36}$/);

      // Offline while the worker finishes: the done event is missed.
      await page.context().setOffline(true);
      await page.locator('[data-testid="live-status"][data-state="offline"]').waitFor({ timeout: 15_000 });
      const deadline = Date.now() + 60_000;
      for (;;) {
        const stored = await stack.db.orm.em.fork().findOne(Replay, { id: replayId! });
        if (stored && FINISHED_STATUSES.includes(stored.status)) break;
        if (Date.now() > deadline)
          throw new Error(`replay never finished in the database:\n${stack.logs().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await row(page, replay.fileName).getAttribute('data-status')).not.toBe('done');
      // Meanwhile the row shows the header summary the upload returned (score from the file itself).
      const preview = (await row(page, replay.fileName).getByTestId('row-preview').textContent()) ?? '';
      expect(preview.replace(/\s+/g, ' ')).toContain(`${replay.info.blueGoals} – ${replay.info.orangeGoals}`);

      // Back online: the reconnect re-syncs it to done with its scoreboard, without a reload.
      await page.context().setOffline(false);
      expect(FINISHED).toContain(await waitForStatus(page, replay.fileName, FINISHED, 30_000));
      await expectScoreboardOf(page, replay);
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );
});
