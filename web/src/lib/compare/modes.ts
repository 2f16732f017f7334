/**
 * Game modes the Compare page splits games into. Duel, doubles, standard and chaos are told apart by
 * team size; the extra modes (hoops, rumble, dropshot, snow day) by their ranked playlist or their
 * mode-only arena, since their stats do not mix with soccar's. Rank keys match the per-playlist
 * ranks stored in the user's preferences (`ranks.doubles`, …).
 */
export type ModeKey = 'duel' | 'doubles' | 'standard' | 'chaos' | 'hoops' | 'rumble' | 'dropshot' | 'snowday';

export interface Mode {
  key: ModeKey;
  label: string;
  /** The published estimates cover ranked doubles only: other modes have no rank benchmark. */
  hasEstimates: boolean;
}

export const MODES: readonly Mode[] = [
  { key: 'duel', label: 'Duel (1v1)', hasEstimates: false },
  { key: 'doubles', label: 'Doubles (2v2)', hasEstimates: true },
  { key: 'standard', label: 'Standard (3v3)', hasEstimates: false },
  { key: 'chaos', label: 'Chaos (4v4)', hasEstimates: false },
  { key: 'hoops', label: 'Hoops', hasEstimates: false },
  { key: 'rumble', label: 'Rumble', hasEstimates: false },
  { key: 'dropshot', label: 'Dropshot', hasEstimates: false },
  { key: 'snowday', label: 'Snow Day', hasEstimates: false },
];

const BY_KEY = new Map(MODES.map((m) => [m.key, m]));

export function modeInfo(key: ModeKey): Mode {
  return BY_KEY.get(key)!;
}

export function isModeKey(v: unknown): v is ModeKey {
  return typeof v === 'string' && BY_KEY.has(v as ModeKey);
}

const EXTRA_BY_PLAYLIST: ReadonlyArray<[RegExp, ModeKey]> = [
  [/\bhoops\b/i, 'hoops'],
  [/\brumble\b/i, 'rumble'],
  [/\bdropshot\b/i, 'dropshot'],
  [/\bsnow ?day\b/i, 'snowday'],
];
/** Arenas that exist only in one mode (Dunk House, Core 707 and its variants). */
const EXTRA_BY_MAP: ReadonlyArray<[RegExp, ModeKey]> = [
  [/^hoops/i, 'hoops'],
  [/^shattershot/i, 'dropshot'],
];
const BY_TEAM_SIZE: Record<number, ModeKey> = { 1: 'duel', 2: 'doubles', 3: 'standard', 4: 'chaos' };

/** The mode of one game; null when neither its playlist, arena nor team size says. */
export function modeOf(game: {
  playlist: string | null;
  mapCode: string | null;
  teamSize: number | null;
}): ModeKey | null {
  for (const [re, key] of EXTRA_BY_PLAYLIST) if (game.playlist && re.test(game.playlist)) return key;
  for (const [re, key] of EXTRA_BY_MAP) if (game.mapCode && re.test(game.mapCode)) return key;
  return game.teamSize !== null ? (BY_TEAM_SIZE[game.teamSize] ?? null) : null;
}

/** Modes the user has games in, most played first (ties in MODES order). */
export function modesPlayed(games: ReadonlyArray<{ mode: ModeKey | null }>): Array<Mode & { games: number }> {
  const counts = new Map<ModeKey, number>();
  for (const g of games) if (g.mode) counts.set(g.mode, (counts.get(g.mode) ?? 0) + 1);
  return MODES.filter((m) => counts.has(m.key))
    .map((m) => ({ ...m, games: counts.get(m.key)! }))
    .sort((a, b) => b.games - a.games);
}
