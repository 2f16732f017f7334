/**
 * The post-sign-in redirect resolver against hostile values: each must either stay
 * on our origin or become `/`. The "browser" column re-resolves the answer exactly
 * as a browser resolves a Location header, so a value that slips through would show
 * up as a foreign origin here.
 */
import { describe, expect, it } from 'vitest';
import { safeNext } from '$lib/server/auth/safe-next';

const ORIGIN = 'http://127.0.0.1:3000';

/** [input, expected answer] */
const TABLE: [string, string][] = [
  // Tabs, newlines and carriage returns are dropped by browsers: `/\t/evil` is `//evil`.
  ['/\t/evil.example', '/'],
  ['/\n/evil.example', '/'],
  ['/\r\n/evil.example', '/'],
  ['\t//evil.example', '/'],
  ['/%09/evil.example', '/%09/evil.example'], // literal percent-encoding stays a path here
  ['/replays\r\nSet-Cookie: x=1', '/replaysSet-Cookie:%20x=1'],
  // Backslashes count as slashes in http(s) URLs.
  ['/\\evil.example', '/'],
  ['\\\\evil.example', '/'],
  ['/\\/evil.example', '/'],
  ['\\/evil.example', '/'],
  // Scheme-relative and absolute URLs.
  ['//evil.example', '/'],
  ['///evil.example', '/'],
  ['//evil.example/%2F..', '/'],
  ['/.//evil.example', '/'],
  ['/./..//evil.example', '/'],
  ['http://evil.example/', '/'],
  ['https://evil.example/replays', '/'],
  ['HTTPS://EVIL.EXAMPLE', '/'],
  ['http:evil.example', '/evil.example'], // special scheme, same scheme: a relative path on our site
  ['https:evil.example', '/'],
  ['http://127.0.0.1:3000@evil.example/', '/'],
  ['http://user:pw@127.0.0.1:3000/replays', '/'],
  ['//127.0.0.1:3000@evil.example', '/'],
  ['http://127.0.0.1:3001/', '/'],
  ['ftp://evil.example', '/'],
  // Script and data URLs.
  ['javascript:alert(1)', '/'],
  ['JaVaScRiPt:alert(1)', '/'],
  [' javascript:alert(1)', '/'],
  ['java\tscript:alert(1)', '/'],
  ['data:text/html,<script>alert(1)</script>', '/'],
  ['DATA:text/html;base64,PHNjcmlwdD4=', '/'],
  ['vbscript:msgbox', '/'],
  // Empty and odd values.
  ['', '/'],
  ['   ', '/'],
  ['?x=1', '/?x=1'],
  ['#top', '/#top'],
  // Ordinary same-site targets survive intact.
  ['/', '/'],
  ['/replays', '/replays'],
  ['/replays?page=2#list', '/replays?page=2#list'],
  ['/replays/abc/../def', '/replays/def'],
  ['http://127.0.0.1:3000/trends?x=1', '/trends?x=1'],
  ['/sessions/2026-12-01%20evening', '/sessions/2026-12-01%20evening'],
];

describe('safeNext: only same-origin path + query + fragment', () => {
  it.each(TABLE)('%j → %j', (input, expected) => {
    const out = safeNext(input, ORIGIN);
    expect(out).toBe(expected);
    // Whatever came back, a browser following it stays on our origin.
    expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
    expect([...out].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f' || c === '\\')).toBe(false);
    expect(out.startsWith('/') && !out.startsWith('//')).toBe(true);
  });

  it('non-strings (a File from a form, null) go to /', () => {
    expect(safeNext(null, ORIGIN)).toBe('/');
    expect(safeNext(undefined, ORIGIN)).toBe('/');
    expect(safeNext(new File(['x'], '//evil.example'), ORIGIN)).toBe('/');
  });
});
