/**
 * The layer rules (docs/architecture.md): web, realtime and worker are thin processes over the
 * shared layer (@rlcoach/db, which builds on @rlcoach/parser); no service imports or declares
 * another, and every import of a package goes through a dependency the importer declares.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackage, type Violation } from './layers/imports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rootDev = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

/** Imports waiting for a move another branch makes (none left: the list only shrinks). */
const PENDING_MOVES: Array<Violation & { pkg: string }> = [];

const same = (a: Violation, b: Violation) =>
  a.file === b.file && a.specifier === b.specifier && a.rule === b.rule;

describe('layer rules of the workspace', () => {
  for (const pkg of ['parser', 'db', 'worker', 'realtime', 'web']) {
    it(`${pkg}: imports only what it declares, and no other service`, () => {
      const found = checkPackage(path.join(ROOT, pkg), rootDev);
      const pending = PENDING_MOVES.filter((p) => p.pkg === pkg);
      expect(found.filter((v) => !pending.some((p) => same(p, v)))).toEqual([]);
      for (const p of pending)
        expect(
          found.some((v) => same(p, v)),
          `stale PENDING_MOVES entry ${p.file} → ${p.specifier}`,
        ).toBe(true);
    });
  }

  it('parser and db never reach up to a service', () => {
    for (const pkg of ['parser', 'db']) {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, pkg, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        scripts?: Record<string, string>;
      };
      const deps = Object.keys(manifest.dependencies ?? {});
      expect(deps.filter((d) => /^@rlcoach\/(web|realtime|worker)$/.test(d))).toEqual([]);
      for (const script of Object.values(manifest.scripts ?? {}))
        expect(script).not.toMatch(/\.\.\/(web|realtime|worker)\b/);
    }
  });
});

describe('the checker itself', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports a service importing another service, an undeclared package and a path out of the package', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-layers-'));
    const pkg = path.join(dir, 'realtime');
    await mkdir(path.join(pkg, 'src'), { recursive: true });
    await mkdir(path.join(pkg, 'test'), { recursive: true });
    await writeFile(
      path.join(pkg, 'package.json'),
      JSON.stringify({
        name: '@rlcoach/realtime',
        dependencies: { '@rlcoach/db': '*', '@rlcoach/worker': '*' },
      }),
    );
    await writeFile(
      path.join(pkg, 'src', 'a.ts'),
      [
        "import { x } from '@rlcoach/worker/producer';",
        "import type { Y } from '@rlcoach/db/contracts/jobs';",
        "import fs from 'node:fs';",
        "import path from 'path';",
        "export { z } from 'left-pad';",
        "const later = await import('@scope/thing/deep');",
        "import { own } from './b.js';",
        "import { far } from '../../worker/src/c.js';",
        "import { vitest } from 'vitest';",
      ].join('\n'),
    );
    await writeFile(path.join(pkg, 'test', 't.ts'), "import { it } from 'vitest';\nimport 'chalk';\n");
    const found = checkPackage(pkg, { vitest: '*' });
    const brief = found.map((v) => `${v.rule} ${v.file} ${v.specifier}`).sort();
    expect(brief).toEqual(
      [
        `service-imports-service package.json @rlcoach/worker`,
        `service-imports-service ${path.join('src', 'a.ts')} @rlcoach/worker/producer`,
        `undeclared-dependency ${path.join('src', 'a.ts')} left-pad`,
        `undeclared-dependency ${path.join('src', 'a.ts')} @scope/thing/deep`,
        `path-escapes-package ${path.join('src', 'a.ts')} ../../worker/src/c.js`,
        // root tooling counts for tests only, never for src/
        `undeclared-dependency ${path.join('src', 'a.ts')} vitest`,
        `undeclared-dependency ${path.join('test', 't.ts')} chalk`,
      ].sort(),
    );
  });
});
