// Command-line front end (the only module allowed to use Node built-ins).
//   rlcoach summary FILE...        one JSON line per file, keys as in the corpus ORACLE.jsonl
//   rlcoach parse FILE [--json]    the full decoded model (header, body tables, frames, network status)
//   rlcoach header FILE            header properties and match info
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { matchInfo, parseHeader, parseReplay, ReplayError, summarizeReplay } from './index.js';
import { runAnalyzeCommand } from './analysis/cli.js';

const USAGE = `usage: rlcoach summary FILE...
       rlcoach parse FILE [--json]
       rlcoach header FILE`;

/** Path relative to the nearest ancestor folder holding ORACLE.jsonl (the corpus root), else as given. */
function corpusRelative(given: string, absolute: string): string {
  let dir = dirname(absolute);
  for (;;) {
    if (existsSync(resolve(dir, 'ORACLE.jsonl'))) return relative(dir, absolute).split(sep).join('/');
    const up = dirname(dir);
    if (up === dir) return given;
    dir = up;
  }
}

function errorText(e: unknown): string {
  return e instanceof ReplayError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
}

function write(line: string): void {
  process.stdout.write(line + '\n');
}

function main(argv: string[]): number {
  const base = process.env.INIT_CWD || process.cwd();
  const [command, ...rest] = argv;
  const files = rest.filter((a) => !a.startsWith('--'));
  if (!command || files.length === 0) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  switch (command) {
    case 'summary': {
      let failures = 0;
      for (const f of files) {
        const abs = resolve(base, f);
        const name = corpusRelative(f, abs);
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(abs);
        } catch (e) {
          write(JSON.stringify({ file: name, error: `cannot read file: ${errorText(e)}` }));
          failures++;
          continue;
        }
        const s = summarizeReplay(name, bytes);
        if (s.error) failures++;
        write(JSON.stringify(s));
      }
      return failures === 0 ? 0 : 1;
    }
    case 'parse': {
      const bytes = readFileSync(resolve(base, files[0]!));
      try {
        const parsed = parseReplay(bytes);
        if (rest.includes('--json')) write(JSON.stringify(parsed));
        else {
          const { header, network } = parsed;
          write(
            JSON.stringify(
              {
                version: `${header.engineVersion}.${header.licenseeVersion}.${header.netVersion ?? -1}`,
                network,
                match: matchInfo(header),
              },
              null,
              2,
            ),
          );
        }
        return parsed.network.status === 'complete' ? 0 : 1;
      } catch (e) {
        process.stderr.write(errorText(e) + '\n');
        return 1;
      }
    }
    case 'header': {
      const bytes = readFileSync(resolve(base, files[0]!));
      try {
        const header = parseHeader(bytes);
        write(JSON.stringify({ header, match: matchInfo(header) }, null, 2));
        return 0;
      } catch (e) {
        process.stderr.write(errorText(e) + '\n');
        return 1;
      }
    }
    default:
      process.stderr.write(`unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}

// `analyze` lives in the analysis layer (parser/src/analysis/cli.ts).
const cliArgs = process.argv.slice(2);
if (cliArgs[0] === 'analyze') process.exitCode = await runAnalyzeCommand(cliArgs.slice(1));
else process.exitCode = main(cliArgs);
