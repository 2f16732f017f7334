// The browser's upload check (web/src/lib/upload/*) bundled by Vite the way the app bundles it,
// in memory. One build for the bundle test (what the bundle holds) and the header-preview bench
// (what it costs in Chromium), so both measure the same artefact.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const lib = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/lib');

/**
 * Bundle entries of web/src/lib (name → path under lib) as ES modules; returns their chunks' code.
 * @param {{ entries: Record<string, string>; minify: boolean }} opts
 * @returns {Promise<string[]>}
 */
export async function bundleLib({ entries, minify }) {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['@rlcoach/source', 'browser', 'module', 'import'], alias: { $lib: lib } },
    build: {
      write: false,
      minify,
      target: 'es2022',
      lib: {
        entry: Object.fromEntries(
          Object.entries(entries).map(([name, file]) => [name, path.join(lib, file)]),
        ),
        formats: ['es'],
      },
      rollupOptions: { external: [/^node:/] },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  /** @type {string[]} */
  const chunks = [];
  for (const o of outputs)
    if ('output' in o) for (const c of o.output) if (c.type === 'chunk') chunks.push(c.code);
  return chunks;
}
