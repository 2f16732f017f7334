// The parser runs in a real browser: bundle src/index.ts with Vite, serve it from a loopback HTTP
// server on an ephemeral port, decode a corpus replay in headless Chromium and compare with the oracle.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { corpusAvailable, oracle, readReplay } from './helpers/corpus.js';
import { bundleParserForBrowser } from './helpers/browser-bundle.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FILE = 'good/small-frames.replay';
// The page decodes the replay with the bundled parser and publishes what it saw on window.result.
const PAGE = `<!doctype html><title>parser</title><script type="module">
try {
  const parser = await import('/parser.js');
  const bytes = new Uint8Array(await (await fetch('/replay')).arrayBuffer());
  const header = parser.parseHeader(bytes);
  let frames = 0;
  let updates = 0;
  const result = parser.parseReplay(bytes, { visitor: { onFrame(f) { frames++; updates += f.updatedActors.length; } } });
  window.result = {
    frames,
    updates,
    status: result.network.status,
    numFrames: parser.matchInfo(header).numFrames,
    looksLikeReplay: parser.looksLikeReplay(bytes),
    hasProcess: typeof globalThis.process !== 'undefined',
  };
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script>`;

const canRun = corpusAvailable && existsSync(CHROMIUM);
if (!existsSync(CHROMIUM))
  console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

describe.skipIf(!canRun)('parser in headless Chromium', () => {
  let server: Server;
  let browser: Browser;
  let base = '';
  let bundle = '';

  beforeAll(async () => {
    bundle = await bundleParserForBrowser();
    const replay = readReplay(FILE);
    server = createServer((req, res) => {
      if (req.url === '/parser.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      } else if (req.url === '/replay') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(replay);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  });

  it('the bundle imports no Node built-ins', () => {
    expect(bundle).not.toMatch(/from ['"]node:/);
    expect(bundle).not.toMatch(/require\(['"](fs|path|node:)/);
    expect(bundle).toContain('parseReplay');
  });

  it('decodes a replay in the page with the oracle frame count', async () => {
    const expected = oracle().find((e) => e.file === FILE)!;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/');
    await page.waitForFunction(
      () => (globalThis as unknown as { result?: unknown }).result !== undefined,
      undefined,
      { timeout: 20_000 },
    );
    const got = (await page.evaluate(() => (globalThis as unknown as { result: unknown }).result)) as Record<
      string,
      unknown
    >;
    await page.close();
    expect(got.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(got.hasProcess).toBe(false);
    expect(got.looksLikeReplay).toBe(true);
    expect(got.status).toBe('complete');
    expect(got.frames).toBe(expected.frames);
    expect(got.numFrames).toBe(expected.frames);
    expect(got.updates).toBe(expected.updated_attributes);
  });
});
