/**
 * Who is who in a replay: players are matched to users by platform ids, never by
 * display name (names change and collide). A player key is `<platform>:<id>`:
 * `steam:<Steam64>` from Steam sign-in, `epic:<account id>` from Epic sign-in.
 * Zero or empty ids (offline, bots, splitscreen guests) are missing, never a match.
 */

/** Sign-in providers whose account id is a platform id we can see in replays. */
const PROVIDER_PLATFORM: Readonly<Record<string, string>> = { steam: 'steam', epic: 'epic' };

const STEAM64 = /^7656119\d{10}$/;
const EPIC_ID = /^[0-9a-f]{32}$/i;

/** `steam:<id>` etc., or null when the id is missing, zero or malformed. */
export function playerKey(
  platform: string | null | undefined,
  platformId: string | null | undefined,
): string | null {
  if (!platform || !platformId) return null;
  const id = platformId.trim();
  if (id === '' || /^0+$/.test(id)) return null;
  const p = platform.toLowerCase();
  if (p === 'steam' && !STEAM64.test(id)) return null;
  if (p === 'epic') return EPIC_ID.test(id) ? `epic:${id.toLowerCase()}` : null;
  return `${p}:${id}`;
}

interface HeaderPlayer {
  platform?: unknown;
  platformId?: unknown;
  bot?: unknown;
}

/** Player keys of a stored replay header (the parser's MatchInfo kept in replays.header). */
export function replayPlayerKeys(header: unknown): string[] {
  const players = (header as { players?: unknown } | null)?.players;
  if (!Array.isArray(players)) return [];
  const keys = new Set<string>();
  for (const raw of players as HeaderPlayer[]) {
    if (typeof raw !== 'object' || raw === null || raw.bot === true) continue;
    const key = playerKey(
      typeof raw.platform === 'string' ? raw.platform : null,
      typeof raw.platformId === 'string' ? raw.platformId : null,
    );
    if (key) keys.add(key);
  }
  return [...keys];
}

/** Player keys proven by a user's linked sign-in accounts. */
export function accountPlayerKeys(
  accounts: readonly { provider: string; providerAccountId: string }[],
): string[] {
  const keys = new Set<string>();
  for (const a of accounts) {
    const platform = PROVIDER_PLATFORM[a.provider];
    const key = platform ? playerKey(platform, a.providerAccountId) : null;
    if (key) keys.add(key);
  }
  return [...keys];
}

/** The user's key among the replay's players, or null: the replay is then visible but not counted in their stats. */
export function matchingPlayerKey(replayKeys: readonly string[], userKeys: readonly string[]): string | null {
  const mine = new Set(userKeys);
  return replayKeys.find((k) => mine.has(k)) ?? null;
}

export interface OwnershipIdentity {
  /** Which player the owner is in this match (an excluded id still names them), or null. */
  playerKey: string | null;
  /** Whether the match counts in the owner's stats, trends and benchmarks. */
  counts: boolean;
}

/**
 * Who the owner is in a replay and whether it counts: a match through a non-excluded id counts;
 * a match only through excluded ids (an alt, a sibling's account) is kept but does not count,
 * unless the owner chose "count this one" (`override`).
 */
export function ownershipIdentity(
  replayKeys: readonly string[],
  userKeys: readonly string[],
  excludedKeys: readonly string[],
  override: boolean,
): OwnershipIdentity {
  const excluded = new Set(excludedKeys);
  const active = matchingPlayerKey(
    replayKeys,
    userKeys.filter((k) => !excluded.has(k)),
  );
  if (active) return { playerKey: active, counts: true };
  const alt = matchingPlayerKey(replayKeys, [...excluded]);
  return { playerKey: alt, counts: alt !== null && override };
}
