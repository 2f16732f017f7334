/**
 * The client's address for every service, derived by one rule.
 *
 * A process behind N reverse proxies sees the last proxy as its TCP peer; each proxy
 * reports the address it saw in X-Forwarded-For (ours, nginx, overwrites the header
 * with `$remote_addr`, so it holds exactly one entry). Only the rightmost N entries
 * were written by proxies we run; anything to their left came from the client and
 * is ignored. With 0 trusted hops the header is ignored entirely.
 *
 * Never throws: a missing, oversized or malformed header falls back to the socket
 * address, so a bad header can neither crash a request nor pick someone else's limit.
 */
import { isIP } from 'node:net';

/** Upper bound of TRUSTED_PROXY_HOPS: more hops than this is a misconfiguration, not a topology. */
export const TRUSTED_PROXY_HOPS_MAX = 10;

/** Longer X-Forwarded-For values are ignored (our proxies write one address each; ~50 characters). */
export const MAX_FORWARDED_FOR_LENGTH = 1024;

/** Rate-limit subject for a request whose peer address is unknown (socket already closed). */
export const UNKNOWN_ADDRESS = 'unknown';

export interface ClientAddressInput {
  /** The TCP peer, as node reports it (`socket.remoteAddress`); undefined once the socket is gone. */
  socketAddress: string | undefined | null;
  /** The X-Forwarded-For header as received (node joins repeated headers with ", "). */
  forwardedFor: string | readonly string[] | undefined | null;
  /** How many proxies of ours stand between the client and this process (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
}

/** The client's address: the socket peer with 0 hops, else the Nth X-Forwarded-For entry from the right. */
export function clientAddress(input: ClientAddressInput): string {
  const peer = normalizeAddress(input.socketAddress) ?? UNKNOWN_ADDRESS;
  const hops = input.trustedProxyHops;
  if (!Number.isInteger(hops) || hops <= 0) return peer;

  const header = Array.isArray(input.forwardedFor)
    ? input.forwardedFor.join(',')
    : (input.forwardedFor as string | undefined | null);
  // No header: the request did not come through our proxy (a health probe on the host, say).
  if (!header || header.length > MAX_FORWARDED_FOR_LENGTH) return peer;
  const entries = header.split(',').map((e) => e.trim());
  // A chain shorter than our proxies: every entry was still written by one of them, take the furthest.
  const picked = entries[Math.max(0, entries.length - hops)];
  return normalizeAddress(picked) ?? peer;
}

/**
 * A bare IPv4 or IPv6 address in one canonical spelling, or undefined when `raw` is not one.
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports) becomes plain IPv4, so the
 * same client keys the same limit whether it arrived over the socket or through a proxy's header.
 */
export function normalizeAddress(raw: string | undefined | null): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let address = raw.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  address = address.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  return mapped && isIP(mapped[1]!) === 4 ? mapped[1] : address;
}

/** Thrown by readTrustedProxyHops for a value that is not a whole number in range. */
export class TrustedProxyHopsError extends Error {
  constructor(raw: string) {
    super(`TRUSTED_PROXY_HOPS must be an integer in [0, ${TRUSTED_PROXY_HOPS_MAX}], got "${raw}"`);
    this.name = 'TrustedProxyHopsError';
  }
}

/** TRUSTED_PROXY_HOPS from the environment: default 0 (trust no header: the socket peer is the client). */
export function readTrustedProxyHops(env: Record<string, string | undefined>): number {
  const raw = env.TRUSTED_PROXY_HOPS?.trim();
  if (!raw) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > TRUSTED_PROXY_HOPS_MAX) throw new TrustedProxyHopsError(raw);
  return n;
}
