// `rlcoach analyze FILE [--json|--markdown]`: analyse one replay and print the report.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReplayError } from '../errors.js';
import { parseReplayBytes } from '../replay.js';
import { renderMarkdown } from './markdown.js';
import { analyzeReplay } from './report.js';

const USAGE = 'usage: rlcoach analyze FILE [--json | --markdown]';

/** Returns the process exit code: 0 ok, 1 the replay could not be analysed, 2 usage error. */
export async function runAnalyzeCommand(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('--'));
  const file = files[0];
  if (!file || files.length > 1) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const base = process.env.INIT_CWD || process.cwd();
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(base, file));
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    const report = analyzeReplay(parseReplayBytes(bytes));
    process.stdout.write(
      argv.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report) + '\n',
    );
    return report.quality.verdict === 'unusable' ? 1 : 0;
  } catch (e) {
    const msg =
      e instanceof ReplayError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`${file}: ${msg}\n`);
    return 1;
  }
}
