import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Version of @rlcoach/parser, stored with each result to tell which build produced it (staleness is ANALYSIS_VERSION's job). */
export function parserVersion(): string {
  if (cached) return cached;
  try {
    const entry = fileURLToPath(import.meta.resolve('@rlcoach/parser'));
    const pkg = JSON.parse(readFileSync(new URL('../package.json', `file://${entry}`), 'utf8')) as {
      version?: string;
    };
    cached = pkg.version ?? 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
