/** Steam OpenID 2.0 against a local OP that really signs and checks assertions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SteamSignInError, steamSignInUrl, verifySteamAssertion } from '$lib/server/auth/steam-openid';
import { startFakeSteam, type FakeSteam } from './fake-steam';

const STEAM64 = '76561198012345678';
const returnTo = 'http://localhost:3000/auth/steam/callback';
const realm = 'http://localhost:3000';
let steam: FakeSteam;

beforeAll(async () => {
  steam = await startFakeSteam(STEAM64);
});
afterAll(async () => steam?.close());

/** Follow the sign-in redirect as a browser would and return the callback query Steam sends back. */
async function assertion(): Promise<URLSearchParams> {
  const res = await fetch(steamSignInUrl({ endpoint: steam.endpoint, returnTo, realm }), {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(returnTo);
  return location.searchParams;
}
const opts = () => ({ endpoint: steam.endpoint, returnTo, realm });
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SteamSignInError) return e.code;
    throw e;
  }
  return 'ACCEPTED';
}

describe('Steam OpenID 2.0', () => {
  it('verifies a genuine assertion with Steam and yields the Steam64 id', async () => {
    const before = steam.checks;
    expect(await verifySteamAssertion(await assertion(), opts())).toBe(STEAM64);
    expect(steam.checks).toBe(before + 1);
  });

  it('refuses a replayed assertion (Steam accepts each nonce once)', async () => {
    const q = await assertion();
    expect(await verifySteamAssertion(q, opts())).toBe(STEAM64);
    expect(await codeOf(verifySteamAssertion(q, opts()))).toBe('STEAM_NOT_VERIFIED');
  });

  it('refuses a claimed id swapped for another account (signature no longer matches)', async () => {
    const q = await assertion();
    const other = 'https://steamcommunity.com/openid/id/76561198000000001';
    q.set('openid.claimed_id', other);
    q.set('openid.identity', other);
    expect(await codeOf(verifySteamAssertion(q, opts()))).toBe('STEAM_NOT_VERIFIED');
  });

  it('refuses locally, without asking Steam: cancel, foreign endpoint, other return_to, non-Steam id, unsigned fields', async () => {
    const cases: [string, (q: URLSearchParams) => void][] = [
      ['STEAM_CANCELLED', (q) => q.set('openid.mode', 'cancel')],
      ['STEAM_MALFORMED', (q) => q.set('openid.mode', 'check_authentication')],
      ['STEAM_WRONG_ENDPOINT', (q) => q.set('openid.op_endpoint', 'https://evil.example/openid/login')],
      ['STEAM_WRONG_RETURN', (q) => q.set('openid.return_to', 'https://evil.example/auth/steam/callback')],
      [
        'STEAM_MALFORMED',
        (q) => q.set('openid.claimed_id', 'https://evil.example/openid/id/76561198012345678'),
      ],
      ['STEAM_MALFORMED', (q) => q.set('openid.signed', 'op_endpoint,claimed_id')],
    ];
    for (const [code, mutate] of cases) {
      const q = await assertion();
      mutate(q);
      const before = steam.checks;
      expect(await codeOf(verifySteamAssertion(q, opts())), code).toBe(code);
      expect(steam.checks, `${code} must not reach Steam`).toBe(before);
    }
  });

  it('reports an unreachable Steam as STEAM_UNREACHABLE', async () => {
    const q = await assertion();
    const dead = 'http://127.0.0.1:1/openid/login';
    q.set('openid.op_endpoint', dead);
    expect(await codeOf(verifySteamAssertion(q, { ...opts(), endpoint: dead, timeoutMs: 2000 }))).toBe(
      'STEAM_UNREACHABLE',
    );
  });
});
