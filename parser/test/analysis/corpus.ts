import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The replay corpus: RLCOACH_CORPUS, else ../shared/replays next to the repo root. null when absent. */
export function corpusDir(): string | null {
  const dir = process.env.RLCOACH_CORPUS
    ? resolve(process.env.RLCOACH_CORPUS)
    : resolve(repoRoot, '../shared/replays');
  return existsSync(dir) ? dir : null;
}

export const CORPUS_MISSING =
  'replay corpus not found (set RLCOACH_CORPUS or provide ../shared/replays): skipping';

/** Corpus replays that must decode (boxcars-bad/ and boxcars-partial/ are excluded), relative paths. */
export function decodableReplays(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory() || sub.name === 'boxcars-bad' || sub.name === 'boxcars-partial') continue;
    for (const f of readdirSync(join(dir, sub.name))) if (f.endsWith('.replay')) out.push(`${sub.name}/${f}`);
  }
  return out.sort();
}
