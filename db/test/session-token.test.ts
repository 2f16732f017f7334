import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  signSessionToken,
  verifySessionToken,
} from '../src/contracts/session-token.js';

const SECRET = 'unit-test-secret-0123456789abcdef';
const USER = '6f1c2a7e-3b7d-4a51-9a0e-2c1f4e5d6b7a';

describe('session token', () => {
  it('round-trips the claims and defaults to a 15-minute member token', () => {
    const now = 1_800_000_000;
    const result = verifySessionToken(SECRET, signSessionToken(SECRET, USER, { now }), now + 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.claims).toMatchObject({
      sub: USER,
      kind: 'member',
      iat: now,
      exp: now + DEFAULT_TOKEN_TTL_SECONDS,
    });
    expect(result.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each token its own jti', () => {
    const a = verifySessionToken(SECRET, signSessionToken(SECRET, USER));
    const b = verifySessionToken(SECRET, signSessionToken(SECRET, USER));
    expect(a.ok && b.ok && a.claims.jti !== b.claims.jti).toBe(true);
  });

  it('reports expiry distinctly from forgery', () => {
    const token = signSessionToken(SECRET, USER, { now: 1000, ttlSeconds: 60, kind: 'guest' });
    expect(verifySessionToken(SECRET, token, 1059).ok).toBe(true);
    const expired = verifySessionToken(SECRET, token, 1060);
    expect(expired).toMatchObject({ ok: false, reason: 'expired', claims: { sub: USER, kind: 'guest' } });
  });

  it('refuses a token signed with another secret', () => {
    const token = signSessionToken('another-secret-0123456789abcdef', USER);
    expect(verifySessionToken(SECRET, token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a payload changed after signing (user id swapped, signature kept)', () => {
    const token = signSessionToken(SECRET, USER);
    const [payload, sig] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.sub = 'someone-else';
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    expect(verifySessionToken(SECRET, forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a flipped signature bit, a truncated signature and garbage', () => {
    const token = signSessionToken(SECRET, USER);
    const [payload, sig] = token.split('.') as [string, string];
    const bytes = Buffer.from(sig, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    for (const bad of [
      `${payload}.${bytes.toString('base64url')}`,
      `${payload}.${sig.slice(0, 10)}`,
      `${payload}.`,
      payload,
      `${token}.extra`,
      'not a token',
      '',
      'x'.repeat(5000),
      42,
      null,
      { token },
    ]) {
      expect(verifySessionToken(SECRET, bad)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('refuses a validly signed token with a malformed payload or an issue time in the future', () => {
    const mint = (claims: unknown) => {
      const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const s = createHmac('sha256', SECRET).update('rlcoach.session.v1.').update(p).digest('base64url');
      return `${p}.${s}`;
    };
    const now = 1_800_000_000;
    const good = { sub: USER, kind: 'member', iat: now, exp: now + 60, jti: 'j' };
    expect(verifySessionToken(SECRET, mint(good), now).ok).toBe(true); // the helper itself is right
    expect(verifySessionToken(SECRET, mint({ ...good, kind: 'admin' }), now).ok).toBe(false);
    expect(verifySessionToken(SECRET, mint({ ...good, sub: '' }), now).ok).toBe(false);
    expect(verifySessionToken(SECRET, mint({ ...good, exp: 'later' }), now).ok).toBe(false);
    expect(verifySessionToken(SECRET, mint({ ...good, iat: now + 3600, exp: now + 7200 }), now).ok).toBe(
      false,
    );
    expect(verifySessionToken(SECRET, mint([1, 2]), now).ok).toBe(false);
  });

  it('refuses to sign or verify with a weak secret', () => {
    expect(() => signSessionToken('short', USER)).toThrow(/secret/);
    expect(() => verifySessionToken('', 'a.b')).toThrow(/secret/);
  });
});
