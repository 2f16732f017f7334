import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Version of @rlcoach/parser, stored with each result so stale analyses can be found and redone. */
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
