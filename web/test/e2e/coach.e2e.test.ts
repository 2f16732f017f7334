/**
 * The coach end to end: real web, realtime and worker processes, Chromium, and the worker's real
 * Anthropic SDK pointed at a local server speaking the Messages API streaming wire format
 * (db/src/testing/fake-anthropic.ts), scripted to stream slowly.
 *   - A Pro player asks; the answer's text grows over several observations (tokens arrive as they
 *     are generated); a reload mid-stream resumes it by seq and it completes exactly once.
 *   - A free player gets the one preview answer, then the preview limit and the link to /upgrade.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@rlcoach/db';
import { setPlanGrant } from '@rlcoach/db/billing/entitlement';
import {
  startFakeAnthropic,
  type FakeAnthropic,
  type RecordedRequest,
} from '@rlcoach/db/testing/fake-anthropic';
import { launchBrowser, signInDev } from './browser';
import { REPO_ROOT } from './fixtures';
import { startStack, type Stack } from './stack';

const SHOTS = path.join(REPO_ROOT, 'web/test-results/coach');
const KEY = { ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key' };

/** A long answer in 48 pieces, ~120 ms apart: about six seconds of streaming. No two sentences alike. */
const ANSWER = Array.from(
  { length: 16 },
  (_, i) => `Game ${i + 1}: you rotated back ${i + 2} seconds late after the kickoff.`,
).join(' ');
const SLOW = { content: [{ type: 'text' as const, text: ANSWER, chunks: 48 }], delayMs: 120 };
/** The first call thinks, then asks for the player's recent games; the call after the tool result answers. */
const THINK_THEN_TOOL = {
  content: [
    { type: 'thinking' as const, thinking: 'Their kickoffs first, then the rotation after them.', chunks: 4 },
    { type: 'tool_use' as const, name: 'recent_games', input: { limit: 10 } },
  ],
  delayMs: 250,
};
const withTools = (req: RecordedRequest) =>
  JSON.stringify(req.body.messages ?? []).includes('"tool_result"') ? SLOW : THINK_THEN_TOOL;
/** The preview test needs the answer, not its pace. */
const QUICK = { content: [{ type: 'text' as const, text: ANSWER, chunks: 8 }], delayMs: 5 };

let stack: Stack;
let fake: FakeAnthropic;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await startFakeAnthropic();
  // Thinking and a tool call, then the slow answer (count_tokens calls are answered by the fake itself).
  fake.respond(withTools);
  stack = await startStack('coach-e2e', {
    workerEnv: { ...KEY, ANTHROPIC_BASE_URL: fake.url },
    realtimeEnv: KEY,
    webEnv: KEY,
    // One more web process, without the key, for the not-configured page.
    spareWebs: 1,
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fake?.close();
});

async function signedIn(name: string, pro: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInDev(page, stack.webUrl, name);
  const em = stack.db.orm.em.fork();
  const user = await em.findOneOrFail(User, { displayName: name });
  if (pro) await setPlanGrant(em, user.id, 'pro');
  await openCoach(page);
  return page;
}

async function openCoach(page: Page): Promise<void> {
  await page.goto(`${stack.webUrl}/coach`);
  await page.locator('[data-testid="coach-page"][data-connected="yes"]').waitFor({ timeout: 30_000 });
}

/**
 * The last answer's text, '' while none is rendered. After `done` the page reloads its data and the
 * answer re-renders once, so the final checks poll until the text settles (still exactly ANSWER).
 */
const answerText = (page: Page) =>
  page
    .locator('[data-testid="coach-answer"] [data-testid="coach-text"]')
    .last()
    .textContent({ timeout: 1000 })
    .catch(() => '');

async function askQuestion(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="coach-input"]').fill(text);
  await page.locator('[data-testid="coach-send"]').click();
}

describe('the coach in the browser (real processes, fake Anthropic at the wire)', () => {
  it('streams a Pro answer progressively and completes it exactly once across a reload', async () => {
    const page = await signedIn('Coach Pro', true);
    expect(await page.locator('[data-testid="coach-page"]').getAttribute('data-access')).toBe('pro');
    await askQuestion(page, 'Why do I concede after kickoffs?');
    // The thinking indicator, then the tool call as it happens, before any text.
    await page.locator('[data-testid="coach-thinking"][data-kind="thinking"]').waitFor({ timeout: 20_000 });
    const tool = page.locator('[data-testid="coach-tool"]').first();
    await tool.waitFor({ timeout: 20_000 });
    expect(await tool.textContent()).toContain('Looking at your last 10 games…');

    // Several observations while it streams: the text only ever grows, and it grows more than once.
    const seen: number[] = [];
    const until = Date.now() + 20_000;
    while (seen.filter((n, i) => i === 0 || n > seen[i - 1]!).length < 4 && Date.now() < until) {
      const t = (await answerText(page)) ?? '';
      if (t.length > 0 && (seen.length === 0 || t.length !== seen[seen.length - 1])) seen.push(t.length);
      await page.waitForTimeout(120);
    }
    expect(seen.length, `lengths seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBeLessThan(ANSWER.length);
    await page.screenshot({ path: path.join(SHOTS, 'pro-streaming-1440.png'), fullPage: true });

    // Reload mid-answer: the page resumes by seq and ends with the answer once, whole.
    expect(await page.locator('[data-testid="coach-answer"]').last().getAttribute('data-state')).toBe(
      'streaming',
    );
    await page.reload();
    // While it finishes, every observation is the start of the answer: resumed text, never repeated.
    const afterReload: string[] = [];
    while (
      (await page.locator('[data-testid="coach-answer"][data-state="complete"]').count()) === 0 &&
      Date.now() < until + 20_000
    ) {
      const t = (await answerText(page)) ?? '';
      if (t) afterReload.push(t);
      await page.waitForTimeout(100);
    }
    expect(afterReload.length, 'no text observed while the resumed answer was streaming').toBeGreaterThan(0);
    for (const t of afterReload) expect(ANSWER.startsWith(t), `not a prefix: ${t}`).toBe(true);
    await page.locator('[data-testid="coach-answer"][data-state="complete"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="coach-answer"]').count()).toBe(1);
    await expect.poll(() => answerText(page), { timeout: 10_000 }).toBe(ANSWER);
    // And again after the page data reloads on done: still exactly once.
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="coach-answer"]').count()).toBe(1);
    await expect.poll(() => answerText(page), { timeout: 10_000 }).toBe(ANSWER);
    await expect
      .poll(() => page.locator('[data-testid="coach-budget"]').count(), { timeout: 10_000 })
      .toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'pro-done-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'pro-done-390.png'), fullPage: true });
    await page.context().close();
  });

  it('gives a free player one preview answer, then the preview limit', async () => {
    fake.respond(() => QUICK);
    const page = await signedIn('Coach Free', false);
    await page.locator('[data-testid="coach-preview-offer"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'free-offer-1440.png'), fullPage: true });
    await askQuestion(page, 'What should I work on?');
    await page.locator('[data-testid="coach-answer"][data-state="complete"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => answerText(page), { timeout: 10_000 }).toBe(ANSWER);
    const limit = page.locator('[data-testid="coach-preview-used"]');
    await limit.waitFor({ timeout: 10_000 });
    expect(await limit.locator('a').getAttribute('href')).toBe('/upgrade');
    expect(await page.locator('[data-testid="coach-ask-form"]').count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, 'free-used-390.png'), fullPage: true });
    await page.context().close();
  });

  it('says the coach is not configured on a web server without the key, and offers nothing', async () => {
    const bareWeb = await stack.startWeb({});
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInDev(page, bareWeb, 'Coach Nokey');
    await page.goto(`${bareWeb}/coach`);
    await page.locator('[data-testid="coach-not-configured"]').waitFor();
    expect(await page.locator('[data-testid="coach-page"]').getAttribute('data-access')).toBe(
      'not-configured',
    );
    expect(await page.locator('[data-testid="coach-ask-form"], [data-testid="coach-review"]').count()).toBe(
      0,
    );
    await page.screenshot({ path: path.join(SHOTS, 'not-configured-390.png'), fullPage: true });
    await context.close();
  });
});
