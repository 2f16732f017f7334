/** The one rule for a client's address: a table of what a request carries and who we say sent it. */
import { describe, expect, it } from 'vitest';
import {
  MAX_FORWARDED_FOR_LENGTH,
  TrustedProxyHopsError,
  clientAddress,
  normalizeAddress,
  readTrustedProxyHops,
} from '../src/http/client-address.js';

type Row = [
  label: string,
  socket: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
  expected: string,
];

const NGINX = '10.0.0.2';

const table: Row[] = [
  // hops = 0: the TCP peer is the client; no header is read, whatever it says.
  ['direct, no header', '203.0.113.7', undefined, 0, '203.0.113.7'],
  ['direct, spoofed header ignored', '203.0.113.7', '198.51.100.1', 0, '203.0.113.7'],
  ['direct, spoofed chain ignored', '203.0.113.7', '1.1.1.1, 2.2.2.2', 0, '203.0.113.7'],
  ['direct, garbage header ignored', '203.0.113.7', 'not-an-ip', 0, '203.0.113.7'],
  ['direct, oversized header ignored', '203.0.113.7', '9.9.9.9,'.repeat(500), 0, '203.0.113.7'],
  ['direct, dual-stack socket', '::ffff:203.0.113.7', undefined, 0, '203.0.113.7'],
  ['direct, IPv6 peer lower-cased', '2001:DB8::1', undefined, 0, '2001:db8::1'],
  ['no socket address', undefined, '198.51.100.1', 0, 'unknown'],
  // hops = 1 (our nginx, which overwrites X-Forwarded-For with $remote_addr).
  ['nginx: its one entry', NGINX, '198.51.100.1', 1, '198.51.100.1'],
  ['nginx: entry with spaces', NGINX, '  198.51.100.1  ', 1, '198.51.100.1'],
  ['nginx: IPv6 client', NGINX, '2001:db8::42', 1, '2001:db8::42'],
  ['nginx: bracketed IPv6', NGINX, '[2001:db8::42]', 1, '2001:db8::42'],
  ['nginx: IPv4-mapped entry', NGINX, '::ffff:198.51.100.1', 1, '198.51.100.1'],
  [
    'appending proxy: client-sent entries left of ours ignored',
    NGINX,
    '6.6.6.6, 198.51.100.1',
    1,
    '198.51.100.1',
  ],
  ['repeated headers (node joins them)', NGINX, ['6.6.6.6', '198.51.100.1'], 1, '198.51.100.1'],
  ['no header: not through the proxy', NGINX, undefined, 1, NGINX],
  ['empty header', NGINX, '', 1, NGINX],
  ['garbage entry', NGINX, 'evil.example', 1, NGINX],
  ['entry with a port', NGINX, '198.51.100.1:4711', 1, NGINX],
  ['empty rightmost entry', NGINX, '198.51.100.1,', 1, NGINX],
  ['script in header', NGINX, '<script>', 1, NGINX],
  ['oversized header', NGINX, `${'1.1.1.1,'.repeat(200)}198.51.100.1`, 1, NGINX],
  ['unknown/obfuscated token', NGINX, 'unknown', 1, NGINX],
  // hops = 2: a load balancer in front of nginx, each adding one entry.
  ['two hops: second from the right', NGINX, '6.6.6.6, 198.51.100.1, 10.0.0.1', 2, '198.51.100.1'],
  ['two hops, chain shorter than the proxies: furthest entry', NGINX, '198.51.100.1', 2, '198.51.100.1'],
  ['two hops, garbage where the client should be', NGINX, 'x, 10.0.0.1', 2, NGINX],
];

describe('clientAddress', () => {
  it.each(table)('%s', (_label, socket, forwardedFor, hops, expected) => {
    expect(clientAddress({ socketAddress: socket, forwardedFor, trustedProxyHops: hops })).toBe(expected);
  });

  it('treats a nonsense hop count as 0 (never trusts a header by accident)', () => {
    for (const hops of [-1, 0.5, Number.NaN])
      expect(clientAddress({ socketAddress: NGINX, forwardedFor: '6.6.6.6', trustedProxyHops: hops })).toBe(
        NGINX,
      );
  });

  it('caps the header it reads at MAX_FORWARDED_FOR_LENGTH', () => {
    const atLimit = `${' '.repeat(MAX_FORWARDED_FOR_LENGTH - 12)}198.51.100.1`;
    expect(atLimit).toHaveLength(MAX_FORWARDED_FOR_LENGTH);
    expect(clientAddress({ socketAddress: NGINX, forwardedFor: atLimit, trustedProxyHops: 1 })).toBe(
      '198.51.100.1',
    );
    expect(clientAddress({ socketAddress: NGINX, forwardedFor: ` ${atLimit}`, trustedProxyHops: 1 })).toBe(
      NGINX,
    );
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['::FFFF:127.0.0.2', '127.0.0.2'],
    ['::ffff:7f00:2', '::ffff:7f00:2'],
    ['999.1.1.1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});

describe('readTrustedProxyHops', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    [' 1 ', 1],
    ['10', 10],
  ])('%s → %s', (raw, expected) => {
    expect(readTrustedProxyHops({ TRUSTED_PROXY_HOPS: raw })).toBe(expected);
  });

  it.each(['-1', '1.5', 'one', '11', '0x1', '1e1'])('refuses %s with the variable name', (raw) => {
    expect(() => readTrustedProxyHops({ TRUSTED_PROXY_HOPS: raw })).toThrow(TrustedProxyHopsError);
    expect(() => readTrustedProxyHops({ TRUSTED_PROXY_HOPS: raw })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
