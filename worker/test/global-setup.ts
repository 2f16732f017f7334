// Worker processes run from dist (the sandboxed processor is loaded by plain Node), so build first.
// `tsc -b` is incremental: a no-op when dist is current. If a referenced package (parser, db) does not
// compile at this moment, build the worker alone against their last emitted declarations and say so.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  try {
    execFileSync('npx', ['tsc', '-b', 'worker'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    const out = String((e as { stdout?: Buffer }).stdout ?? '');
    console.warn(
      `[worker tests] tsc -b worker failed; building worker only (using the last built parser/db):\n${out}`,
    );
    execFileSync('npx', ['tsc', '-p', 'worker'], { cwd: root, stdio: 'inherit' });
  }
}
