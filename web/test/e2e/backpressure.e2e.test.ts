/**
 * A busy server, for real: realtime allows no backlog (QUEUE_MAX_DEPTH=0) and no
 * worker runs yet, so the first upload's job waits and the next upload gets 503
 * with Retry-After. The files stay on the page with the reason and a retry that
 * succeeds once a worker drains the queue: nothing the user sent is lost.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, launchBrowser, recordRowStatuses, rowStatuses, signInDev } from './browser';
import { demoReplays } from './fixtures';
import { startStack, type Stack } from './stack';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack('web-busy', { realtimeEnv: { QUEUE_MAX_DEPTH: '0' }, worker: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const statusOf = (page: import('playwright-core').Page, file: string) =>
  page.locator(`[data-testid="upload-row"][data-file="${file}"]`).getAttribute('data-status');

async function waitFor(
  page: import('playwright-core').Page,
  file: string,
  statuses: string[],
  timeout = 60_000,
) {
  await page
    .waitForFunction(
      ([f, wanted]) =>
        (wanted as string[]).includes(
          document.querySelector<HTMLElement>(`[data-testid="upload-row"][data-file="${f}"]`)?.dataset
            .status ?? '',
        ),
      [file, statuses] as const,
      { timeout, polling: 100 },
    )
    .catch(async (e) => {
      throw new Error(
        `${file} never reached ${statuses.join('/')}: ${JSON.stringify(await rowStatuses(page))}\n${stack.logs().slice(-3000)}`,
        { cause: e },
      );
    });
}

describe('busy server (real realtime backpressure)', () => {
  it('shows 503 + Retry-After per file and finishes the files after a retry', async () => {
    const [first, second, third] = demoReplays();
    const page = await browser.newPage();
    await recordRowStatuses(page);
    await signInDev(page, stack.webUrl, 'busy-uploader');
    await page.goto(stack.webUrl);
    await page.locator('[data-testid="live-status"][data-state="online"]').waitFor({ timeout: 30_000 });

    // Accepted and queued: with no worker it stays queued, so the queue now holds one job.
    await dropFiles(page, '[data-testid="drop-zone"]', [{ name: first!.fileName, bytes: first!.bytes }]);
    await waitFor(page, first!.fileName, ['queued']);

    // The next batch is refused as a whole: both files say why and when to retry.
    await dropFiles(page, '[data-testid="drop-zone"]', [
      { name: second!.fileName, bytes: second!.bytes },
      { name: third!.fileName, bytes: third!.bytes },
    ]);
    for (const f of [second!, third!]) {
      await waitFor(page, f.fileName, ['refused']);
      const row = page.locator(`[data-testid="upload-row"][data-file="${f.fileName}"]`);
      await expect(row.getByTestId('row-status').textContent()).resolves.toContain('Server busy');
      await expect(row.getByTestId('row-detail').textContent()).resolves.toMatch(/Try again in \d+ s\./);
    }

    // A worker arrives and drains the queue; the first file finishes live.
    stack.startWorker();
    await waitFor(page, first!.fileName, ['done', 'partial']);

    // One retry sends both refused files again; they finish too.
    await page.getByRole('button', { name: 'Retry upload' }).first().click();
    for (const f of [second!, third!]) await waitFor(page, f.fileName, ['done', 'partial']);
    for (const f of [second!, third!]) {
      expect(await statusOf(page, f.fileName)).toBe('done');
      const seen = (await rowStatuses(page))[f.fileName] ?? [];
      expect(seen.indexOf('refused')).toBeLessThan(seen.lastIndexOf('uploading'));
    }
    await expect(page.locator('[data-testid="scoreboard"]').count()).resolves.toBe(3);
    await page.close();
  }, 180_000);
});
