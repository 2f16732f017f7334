/** Real replay files for upload tests: RLCOACH_CORPUS first, then the worker's demo fixtures. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpusDir = process.env.RLCOACH_CORPUS ?? path.resolve(repoRoot, '../shared/replays');
const demoDir = path.join(repoRoot, 'worker/fixtures/demo-replays');

/** Absolute paths of modern, fully decodable replays (distinct matches), or [] when none is available. */
export function goodReplays(): string[] {
  const fromCorpus = path.join(corpusDir, 'rlcoach');
  // One folder only: the demo fixtures repeat some corpus matches, and tests need distinct ones.
  const dir = [fromCorpus, demoDir].find((d) => existsSync(d));
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** A corrupt replay from the corpus (boxcars' fuzzed files), when the corpus is present. */
export function corruptReplay(): string | undefined {
  const p = path.join(corpusDir, 'boxcars-bad', 'fuzz-slice-index.replay');
  return existsSync(p) ? p : undefined;
}

export const corpusMessage = `no replay corpus: set RLCOACH_CORPUS (looked in ${corpusDir}) or add worker/fixtures/demo-replays`;
