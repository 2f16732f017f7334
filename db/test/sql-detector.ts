/**
 * Finds SQL text and driver calls in a source file, for the no-SQL-outside-db guard. Comments are
 * blanked first, and a string is SQL only when it has a statement's shape, so prose is not flagged.
 */
/** Driver and query-builder entry points that only db/ may use. */
const DRIVER_CALLS: Array<[RegExp, string]> = [
  [/\.execute\s*[(<]/, 'runs a statement (.execute)'],
  [/\bgetConnection\s*\(/, 'takes the raw connection (getConnection)'],
  [/\bgetKnex\s*\(|\bknex\b/i, 'uses knex'],
  [/\.raw\s*\(/, 'writes raw SQL (.raw)'],
  [/\bsql\s*`/, 'writes a sql`` template'],
];

/**
 * A string literal (quotes or backticks) that opens with an SQL statement's shape, not just its
 * first word: `select … from <table> [alias] where|join|order…`, `insert into <table> (`,
 * `update <table> set <column> =`, `delete from <table> [alias] where|returning|<end>`, … So
 * "Select a playlist" or "Delete from your library with the menu" are not statements.
 */
const END = String.raw`(?:\s*(?:[,;)'"\x60]|\n|$)|\s+(?:where|join|left|right|inner|cross|natural|order|group|limit|offset|for|union|using|returning)\b)`;
const TABLE = String.raw`[a-z_][\w.]*(?:\s+(?:as\s+)?(?!where|join|left|right|inner|cross|natural|order|group|limit|offset|for|union|using|returning)[a-z_]\w*)?`;
const STATEMENTS = [
  String.raw`select\s+(?:(?!\1)[\s\S]){0,2000}?\bfrom\s+${TABLE}${END}`,
  String.raw`select\s+(?:\d|now\s*\(|exists\s*\(|count\s*\()`,
  String.raw`insert\s+into\s+[a-z_]\w*\s*(?:\(|values\b|select\b|default\b)`,
  String.raw`update\s+[a-z_]\w*\s+set\s+[a-z_]\w*\s*=`,
  String.raw`delete\s+from\s+${TABLE}${END}`,
  String.raw`with\s+[a-z_]\w*\s+as\s*\(\s*select\b`,
  String.raw`(?:alter|create|drop)\s+(?:table|index)\s+[a-z_]\w*`,
  String.raw`truncate\s+(?:table\s+)?[a-z_]\w*\s*(?:[,;'"\x60]|$)`,
];
const SQL_LITERAL = new RegExp(String.raw`(['"\x60])\s*(?:${STATEMENTS.join('|')})`, 'gim');

/** Blank out comments, keeping line numbers (a `//` inside a string may cut a line short: only misses). */
export function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

export interface SqlFinding {
  line: number;
  why: string;
}

/** Where `source` holds SQL or a driver call, by line. */
export function findSql(source: string): SqlFinding[] {
  const code = stripComments(source);
  const lines = code.split('\n');
  const found: SqlFinding[] = [];
  lines.forEach((text, i) => {
    for (const [re, why] of DRIVER_CALLS) if (re.test(text)) found.push({ line: i + 1, why });
  });
  // Statements often span lines: scan the whole text, then report the starting line.
  SQL_LITERAL.lastIndex = 0;
  for (let m = SQL_LITERAL.exec(code); m; m = SQL_LITERAL.exec(code)) {
    const line = code.slice(0, m.index).split('\n').length;
    found.push({ line, why: `SQL text "${m[0].replace(/\s+/g, ' ').slice(1, 40).trim()}…"` });
  }
  return found;
}

/**
 * EntityManager query, persist and transaction APIs. Services hand an entity manager (a fork) to
 * db's repository functions and never call these on it themselves.
 */
const EM_API =
  'find\\w*|count|create|persist\\w*|flush|native\\w+|insert\\w*|upsert\\w*|transactional|begin|commit|rollback|' +
  'getRepository|createQueryBuilder|qb|getReference|populate|remove\\w*|assign|lock|refresh|merge|map|getConnection|getKnex';
/** Receivers that hold an entity manager: `em.`, `tx.`, `orm.em.`, `this.deps.orm.em.`, `….em.fork().`. */
const EM_RECEIVER = String.raw`(?:\b(?:em|tx|trx|manager|entityManager)|\.em|\.fork\s*\(\s*\))`;
const ENTITY_QUERY = new RegExp(String.raw`${EM_RECEIVER}\s*\.\s*(?:${EM_API})\s*[(<]`, 'g');
/** Names only MikroORM uses, flagged on any receiver (a chain split over lines, a renamed fork). */
const ORM_ONLY_CALL =
  /\.\s*(?:findOne|findOneOrFail|findAndCount|getRepository|createQueryBuilder|nativeUpdate|nativeDelete|nativeInsert|persistAndFlush|removeAndFlush|getReference|transactional)\s*[(<]/g;
/** Query-builder and query types, and the ORM itself: what a service would need to write a query. */
const QUERY_TYPES =
  /^(?:type\s+)?(?:QueryBuilder|SelectQueryBuilder|QBFilterQuery|QBQueryOrderMap|FilterQuery|FindOptions|FindOneOptions|LockMode|QueryOrder|Knex|EntityRepository|ReplayRepository)$/;
const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{([^}]*)\}|[\w*\s,$]+?)\s*from\s*['"]([^'"]+)['"]/g;

const lineAt = (code: string, index: number) => code.slice(0, index).split('\n').length;

/**
 * Where `source` queries, persists or opens a transaction through an EntityManager itself, or
 * imports MikroORM or a query-builder type, by line.
 */
export function findEntityQueries(source: string): SqlFinding[] {
  const code = stripComments(source);
  const found = new Map<number, string>();
  for (const re of [ENTITY_QUERY, ORM_ONLY_CALL]) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m; m = re.exec(code))
      // The line of the call itself (a chain may start lines above).
      found.set(
        lineAt(code, m.index + m[0].length - 1),
        `queries entities (EntityManager ${m[0].replace(/\s+/g, '')})`,
      );
  }
  IMPORT.lastIndex = 0;
  for (let m = IMPORT.exec(code); m; m = IMPORT.exec(code)) {
    const [, names, from] = m;
    if (from!.startsWith('@mikro-orm/'))
      found.set(lineAt(code, m.index), `imports ${from} (use @rlcoach/db)`);
    else if (from!.startsWith('@rlcoach/db')) {
      const types = (names ?? '').split(',').map((n) =>
        n
          .trim()
          .split(/\s+as\s+/)[0]!
          .trim(),
      );
      const bad = types.filter((n) => QUERY_TYPES.test(n));
      if (bad.length > 0) found.set(lineAt(code, m.index), `imports query types (${bad.join(', ')})`);
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([line, why]) => ({ line, why }));
}
