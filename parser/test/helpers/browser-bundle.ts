import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const entry = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/index.ts');

/** Bundle the parser's public entry for the browser (ES module, no Node built-ins) and return its code. */
export async function bundleParserForBrowser(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['@rlcoach/source', 'browser', 'module', 'import'] },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'parser' },
      rollupOptions: { external: [/^node:/] },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    const chunk = o.output.find((c) => c.type === 'chunk' && c.isEntry);
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite produced no entry chunk');
}
