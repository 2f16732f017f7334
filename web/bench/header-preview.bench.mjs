#!/usr/bin/env node
// Instant preview cost in the browser: the upload check (web/src/lib/upload/inspect.ts, bundled by
// Vite as the app bundles it) runs in headless Chromium on every corpus replay as a File: read the
// header bytes, decode, CRC. Prints p50 / p95 / max per file and the bytes read, the figures behind
// running it inline on the main thread rather than in a worker.
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(root, '../shared/replays');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(corpus) || !existsSync(chromiumPath)) {
  console.log(`header-preview bench skipped: needs the corpus (${corpus}) and Chromium (${chromiumPath})`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const { bundleLib } = await import('./upload-bundle.mjs');

// One entry, so one self-contained chunk the page imports.
const [code] = await bundleLib({ entries: { inspect: 'upload/inspect.ts' }, minify: true });
const files = ['good', 'rlcoach', 'with-stats'].flatMap((d) =>
  readdirSync(path.join(corpus, d))
    .filter((f) => f.endsWith('.replay'))
    .map((f) => path.join(corpus, d, f)),
);

const server = createServer((req, res) => {
  if (req.url === '/inspect.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
  const i = Number(req.url?.slice('/file/'.length));
  if (req.url?.startsWith('/file/') && files[i])
    return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(files[i]));
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  await page.goto(base + '/');
  const result = await page.evaluate(
    async ({ count, rounds }) => {
      const { inspectFile, inspectHeader, readHeaderBytes } = await import('/inspect.js');
      const blobs = [];
      for (let i = 0; i < count; i++)
        blobs.push(new File([await (await fetch(`/file/${i}`)).blob()], `${i}.replay`));
      const times = [];
      // The synchronous part (decode + CRC) is what blocks the main thread; the Blob read is async.
      const decode = [];
      let refused = 0;
      let headerBytes = 0;
      let fileBytes = 0;
      for (let r = 0; r < rounds; r++)
        for (const f of blobs) {
          const t = performance.now();
          const got = await inspectFile(f);
          times.push(performance.now() - t);
          if (!got.ok) refused++;
          const bytes = await readHeaderBytes(f);
          const d = performance.now();
          inspectHeader(bytes, f.size);
          decode.push(performance.now() - d);
          if (r === 0) {
            headerBytes += bytes.length;
            fileBytes += f.size;
          }
        }
      return { times, decode, refused, headerBytes, fileBytes };
    },
    { count: files.length, rounds: 5 },
  );
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
    return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
  };
  console.log(
    `header preview in Chromium, ${files.length} corpus replays × 5, per file:` +
      ` whole check (async header read + decode + CRC) ${stats(result.times)};` +
      ` main-thread part (decode + CRC) ${stats(result.decode)};` +
      ` ${(result.headerBytes / 1024).toFixed(0)} KB read of ${(result.fileBytes / 1048576).toFixed(1)} MB;` +
      ` refused ${result.refused}; bundle ${(code.length / 1024).toFixed(1)} KB minified`,
  );
} finally {
  await browser.close();
  server.close();
}
