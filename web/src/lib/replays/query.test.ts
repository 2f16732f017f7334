import { describe, expect, it } from 'vitest';
import { parseQuery, toSearch } from './query';

// The filters and sorts themselves run in Postgres: web/test/dashboard/replay-page.test.ts.
describe('replays list query params', () => {
  it('parses params defensively and round-trips them', () => {
    const q = parseQuery(new URLSearchParams('sort=map&dir=asc&page=2&result=win&from=2026-11-01&to=bogus'));
    expect(q).toMatchObject({
      sort: 'map',
      dir: 'asc',
      page: 2,
      result: 'win',
      from: '2026-11-01',
      to: null,
    });
    expect(parseQuery(new URLSearchParams('sort=evil&page=-3'))).toMatchObject({ sort: 'date', page: 1 });
    expect(parseQuery(new URLSearchParams('page=1e400'))).toMatchObject({ page: 1 });
    expect(toSearch(q, { page: 1 })).toBe('?result=win&from=2026-11-01&sort=map&dir=asc');
  });

  it('reads enum values in any letter case as one spelling (lesson 30)', () => {
    const q = parseQuery(new URLSearchParams('result=WIN&sort=Result&dir=ASC&session=S1ABC'));
    expect(q).toMatchObject({ result: 'win', sort: 'result', dir: 'asc', session: 's1abc' });
    expect(parseQuery(new URLSearchParams('result=Unknown')).result).toBe('unknown');
    expect(parseQuery(new URLSearchParams('result=victory')).result).toBeNull();
  });

  it('keeps free-text filters as typed (matched case-insensitively by the database) and drops bad sessions', () => {
    const q = parseQuery(
      new URLSearchParams('playlist=ranked%20doubles&map=%20DFH%20Stadium%20&session=x;drop'),
    );
    expect(q).toMatchObject({ playlist: 'ranked doubles', map: 'DFH Stadium', session: null });
    expect(toSearch({ ...q, session: 'sabc' })).toBe('?playlist=ranked+doubles&map=DFH+Stadium&session=sabc');
  });
});
