/**
 * Every query lives in db/ (src/repositories and the auth modules): web, realtime and worker call
 * typed repository functions and never hold SQL text or reach for the driver themselves. This test
 * reads their sources and names each file and line that does. Comments are ignored, so prose that
 * says "select the replay" or mentions getConnection() in a sentence is not flagged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findEntityQueries, findSql } from './sql-detector.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICES = ['web/src', 'realtime/src', 'worker/src'];
const SOURCE = /\.(ts|js|mjs|cjs|svelte)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name)) out.push(full);
  }
  return out;
}

describe('the SQL detector', () => {
  it('finds driver calls and SQL statements in code', () => {
    const code = [
      "await em.getConnection().execute('delete from sessions where session_token = ?', [t]);",
      'const rows = await conn.execute<Row[]>(`',
      '  select s.id, s.expires',
      '    from sessions s',
      '   where s.session_token = ?`);',
      "const q = knex('users');",
      "em.raw('now()');",
      "const u = 'UPDATE users SET terms_accepted_at = now()';",
      'const i = "insert into replays (id) values (?)";',
      'const one = `select 1`;',
    ].join('\n');
    const lines = findSql(code).map((f) => f.line);
    expect(new Set(lines)).toEqual(new Set([1, 2, 6, 7, 8, 9, 10]));
    expect(findSql(code).some((f) => /SQL text "select s\.id/.test(f.why))).toBe(true);
  });

  it('leaves prose, comments and look-alike identifiers alone', () => {
    const prose = [
      '// We select the replay from the list and execute() nothing here; getConnection() is db’s.',
      '/* delete from the queue: update the row set later */',
      '<!-- select a file from your computer -->',
      "const label = 'Select a playlist';",
      "const help = 'Delete from your library with the menu';",
      'const hint = `Select the replays from ${start} to ${end}`;',
      'const executor = runJob(job); const selected = rows.filter(Boolean);',
      "const url = 'https://example.com/select?from=1';",
    ].join('\n');
    expect(findSql(prose)).toEqual([]);
  });
});

describe('no SQL outside db/', () => {
  it('web, realtime and worker sources hold no SQL text and no driver calls', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const dir of SERVICES) {
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        scanned++;
        for (const f of findSql(readFileSync(file, 'utf8')))
          offenders.push(`${path.relative(ROOT, file)}:${f.line} ${f.why}`);
      }
    }
    expect(scanned).toBeGreaterThan(100); // the folders were really read
    expect(offenders, 'move these queries into a db/src/repositories module').toEqual([]);
  });
});

describe('no entity queries outside db/', () => {
  it('finds EntityManager queries, persists, transactions and query types, not array methods', () => {
    const code = [
      'const u = await em.findOne(User, { id });',
      'tx.create(PlayerClaim, claim);',
      'await orm.em.flush();',
      'const r = rows.find((x) => x.id === id);',
      'const em = (await getOrm()).em.fork();',
      '// em.find(User) in a comment',
      'const user = await (await getOrm()).em.fork().findOne(User, { id });',
      'const ids = await this.orm.em',
      '  .fork()',
      '  .getRepository(Replay)',
      '  .ownerIds(id);',
      'return orm.em.fork().transactional(async (t) => t);',
      "import { LockMode, type MikroORM } from '@rlcoach/db';",
      "import type { QueryBuilder } from '@mikro-orm/postgresql';",
      'await storage.remove(key); Object.assign(row, patch); item.count(); list.map((x) => x);',
      'await deps.orm.em.fork().nativeUpdate(UserExport, { id }, { status });',
      'const n = await manager.count(Replay, {});',
      "import { inTransaction, replayOwnerIds, type EntityManager } from '@rlcoach/db';",
    ].join('\n');
    expect(findEntityQueries(code).map((f) => f.line)).toEqual([1, 2, 3, 7, 10, 12, 13, 14, 16, 17]);
  });

  for (const dir of SERVICES) {
    it(`${dir} hands an entity manager to repositories and never queries through it`, () => {
      const files = sourceFiles(path.join(ROOT, dir));
      expect(files.length).toBeGreaterThan(5); // the folder was really read
      const offenders = files.flatMap((file) =>
        findEntityQueries(readFileSync(file, 'utf8')).map(
          (f) => `${path.relative(ROOT, file)}:${f.line} ${f.why}`,
        ),
      );
      expect(offenders, 'call a db/src/repositories function instead').toEqual([]);
    });
  }
});
