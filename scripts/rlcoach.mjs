#!/usr/bin/env node
// `npm run rlcoach -- <command> ...`: builds parser/dist when missing or older than parser/src, then runs the CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// `admin grant|revoke <email|userId>`: operator roles, in db's CLI (needs db/dist: `npm run build`).
if (process.argv[2] === 'admin') {
  const adminCli = join(root, 'db', 'dist', 'cli', 'admin.js');
  if (!existsSync(adminCli)) {
    console.error('rlcoach admin: build first (npm run build)');
    process.exit(1);
  }
  process.argv.splice(2, 1);
  await import(adminCli);
  process.exit();
}
const src = join(root, 'parser', 'src');
const cli = join(root, 'parser', 'dist', 'cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// tsc -b re-emits only changed files, so the build info file dates the last build.
const buildInfo = join(root, 'parser', 'tsconfig.tsbuildinfo');
const builtAt = Math.max(
  existsSync(cli) ? statSync(cli).mtimeMs : 0,
  existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : 0,
);
if (!existsSync(cli) || builtAt < newestMtime(src)) {
  try {
    execFileSync('npx', ['tsc', '-b', 'parser'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    if (!existsSync(cli)) throw e;
    console.error('rlcoach: parser build reported errors; running the last built CLI');
  }
}
// Relative paths resolve from INIT_CWD (npm's caller directory) inside the CLI.
await import(cli);
