/**
 * Steam sign-in (OpenID 2.0, which Auth.js does not speak): build the redirect to
 * Steam, then verify the positive assertion Steam sends back. Verification asks
 * Steam itself (`check_authentication`), so a forged or replayed callback fails
 * there; the local checks before it refuse obvious forgeries without a round trip.
 * The endpoint is configurable so tests run against a local server.
 */
export const STEAM_OPENID_ENDPOINT = 'https://steamcommunity.com/openid/login';
const NS = 'http://specs.openid.net/auth/2.0';
const IDENTIFIER_SELECT = 'http://specs.openid.net/auth/2.0/identifier_select';
const CLAIMED_ID = /^https?:\/\/steamcommunity\.com\/openid\/id\/(7656119\d{10})\/?$/;
/** Fields Steam signs; an assertion that leaves one out could have it swapped. */
const MUST_BE_SIGNED = [
  'op_endpoint',
  'claimed_id',
  'identity',
  'return_to',
  'response_nonce',
  'assoc_handle',
];

export type SteamErrorCode =
  | 'STEAM_CANCELLED'
  | 'STEAM_MALFORMED'
  | 'STEAM_WRONG_ENDPOINT'
  | 'STEAM_WRONG_RETURN'
  | 'STEAM_NOT_VERIFIED'
  | 'STEAM_UNREACHABLE';

export class SteamSignInError extends Error {
  constructor(
    readonly code: SteamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SteamSignInError';
  }
}

export interface SteamOptions {
  /** Steam's OpenID endpoint (tests: a local server). */
  endpoint?: string;
  /** Absolute callback URL; the assertion must come back for exactly this URL. */
  returnTo: string;
  /** Site origin shown by Steam ("sign in to <realm>"). */
  realm: string;
}

/** Where to send the browser to sign in with Steam. */
export function steamSignInUrl(options: SteamOptions): string {
  const url = new URL(options.endpoint ?? STEAM_OPENID_ENDPOINT);
  url.search = new URLSearchParams({
    'openid.ns': NS,
    'openid.mode': 'checkid_setup',
    'openid.return_to': options.returnTo,
    'openid.realm': options.realm,
    'openid.identity': IDENTIFIER_SELECT,
    'openid.claimed_id': IDENTIFIER_SELECT,
  }).toString();
  return url.toString();
}

/** The callback's query → the signed-in Steam64 id, or a SteamSignInError. */
export async function verifySteamAssertion(
  query: URLSearchParams,
  options: SteamOptions & { fetch?: typeof fetch; timeoutMs?: number },
): Promise<string> {
  const endpoint = options.endpoint ?? STEAM_OPENID_ENDPOINT;
  const get = (k: string) => query.get(`openid.${k}`);
  const mode = get('mode');
  if (mode === 'cancel') throw new SteamSignInError('STEAM_CANCELLED', 'Steam sign-in was cancelled.');
  if (mode !== 'id_res' || get('ns') !== NS)
    throw new SteamSignInError('STEAM_MALFORMED', 'The Steam response is not an OpenID 2.0 assertion.');
  if (get('op_endpoint') !== endpoint)
    throw new SteamSignInError('STEAM_WRONG_ENDPOINT', 'The sign-in response did not come from Steam.');
  if (!sameReturnTo(get('return_to'), options.returnTo))
    throw new SteamSignInError('STEAM_WRONG_RETURN', 'The Steam response was issued for another site.');
  const claimed = get('claimed_id') ?? '';
  const m = CLAIMED_ID.exec(claimed);
  if (!m || get('identity') !== claimed)
    throw new SteamSignInError('STEAM_MALFORMED', 'The Steam response does not name a Steam account.');
  const signed = (get('signed') ?? '').split(',');
  if (!MUST_BE_SIGNED.every((f) => signed.includes(f)) || !get('sig'))
    throw new SteamSignInError('STEAM_MALFORMED', 'The Steam response is not fully signed.');

  // Ask Steam to confirm the signature: the same fields, with mode switched.
  const body = new URLSearchParams();
  for (const [k, v] of query) if (k.startsWith('openid.')) body.set(k, v);
  body.set('openid.mode', 'check_authentication');
  let text: string;
  try {
    const res = await (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/plain' },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch {
    throw new SteamSignInError(
      'STEAM_UNREACHABLE',
      'Steam could not be reached to confirm the sign-in; try again.',
    );
  }
  // Key-value form: one "key:value" per line.
  const isValid = text.split('\n').some((line) => line.trim() === 'is_valid:true');
  if (!isValid) throw new SteamSignInError('STEAM_NOT_VERIFIED', 'Steam did not confirm this sign-in.');
  return m[1]!;
}

/** return_to must be our callback (origin and path); Steam may append its own query. */
function sameReturnTo(given: string | null, expected: string): boolean {
  if (!given) return false;
  try {
    const a = new URL(given);
    const b = new URL(expected);
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch {
    return false;
  }
}
