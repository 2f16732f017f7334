/** Chromium via playwright-core (the system browser: `npx playwright install` cannot run here). */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Record every value each upload row's data-status takes, in order, from the first
 * paint on: the test can then prove the bar moved through the stages live instead
 * of only seeing the end state.
 */
export async function recordRowStatuses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Record<string, string[]> = {};
    (window as unknown as { __rowStatuses: Record<string, string[]> }).__rowStatuses = log;
    const scan = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="upload-row"]')) {
        const file = row.dataset.file ?? '?';
        const status = row.dataset.status ?? '?';
        const seen = (log[file] ??= []);
        if (seen[seen.length - 1] !== status) seen.push(status);
      }
    };
    new MutationObserver(scan).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

export function rowStatuses(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(
    () => (window as unknown as { __rowStatuses: Record<string, string[]> }).__rowStatuses,
  );
}

/** A real drop: a DataTransfer holding the files, dispatched as dragenter/dragover/drop on the zone. */
export async function dropFiles(
  page: Page,
  selector: string,
  files: { name: string; bytes: Uint8Array }[],
): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bin = atob(item.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], item.name, { type: 'application/octet-stream' }));
    }
    return dt;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
}

/** Development sign-in as a named test user (a real database session), landing on `next`. */
export async function signInDev(page: Page, webUrl: string, name: string, next = '/'): Promise<void> {
  const res = await page.goto(`${webUrl}/signin?callbackUrl=${encodeURIComponent(next)}`);
  // On failure, say what the page was instead of a bare selector timeout.
  await page.fill('input[name="name"]', name).catch(async (e: unknown) => {
    const body = await page.innerText('body').catch(() => '(no body)');
    throw new Error(
      `sign-in form missing at ${page.url()} (HTTP ${res?.status() ?? '?'}): ${body.slice(0, 500)}`,
      {
        cause: e,
      },
    );
  });
  await page.getByRole('button', { name: 'Sign in as test user' }).click();
  await page.waitForURL(`${webUrl}${next}`);
}
