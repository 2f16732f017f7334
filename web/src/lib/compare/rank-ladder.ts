/**
 * The competitive rank ladder a player sets per playlist in Settings. It is wider than the published
 * estimates (Champion II to Supersonic Legend): a Gold player can still record their rank, and Compare
 * then says plainly that no estimate covers it instead of comparing against a rank they are not.
 */
import { MODES, type ModeKey } from './modes';

const TIERS: ReadonlyArray<[key: string, name: string, divisions: number]> = [
  ['B', 'Bronze', 3],
  ['S', 'Silver', 3],
  ['G', 'Gold', 3],
  ['P', 'Platinum', 3],
  ['D', 'Diamond', 3],
  ['C', 'Champion', 3],
  ['GC', 'Grand Champion', 3],
];
const ROMAN = ['I', 'II', 'III'];

/** Lowest to highest; keys match the estimates file where it has them (C2, GC1, SSL, …). */
export const RANK_LADDER: ReadonlyArray<{ key: string; name: string }> = [
  ...TIERS.flatMap(([key, name, n]) =>
    Array.from({ length: n }, (_, i) => ({ key: `${key}${i + 1}`, name: `${name} ${ROMAN[i]}` })),
  ),
  { key: 'SSL', name: 'Supersonic Legend' },
];

const NAMES = new Map(RANK_LADDER.map((r) => [r.key, r.name]));

export function rankName(key: string): string {
  return NAMES.get(key) ?? key;
}

export function isRankKey(v: unknown): v is string {
  return typeof v === 'string' && NAMES.has(v);
}

/** Modes with a competitive ladder (Chaos is casual only), in the order Settings lists them. */
export const RANKED_MODES = MODES.filter((m) => m.key !== 'chaos');

/** Form field name for one mode's rank. */
export const rankField = (mode: ModeKey): string => `rank.${mode}`;

export class RankFormError extends Error {
  constructor(readonly mode: ModeKey) {
    super(`Unknown rank for ${MODES.find((m) => m.key === mode)?.label ?? mode}.`);
  }
}

/**
 * Ranks from the Settings form, merged over the stored ones: an empty choice clears a mode, an
 * unknown key is refused (never silently stored). Keys the form does not carry are kept as they are.
 */
export function ranksFromForm(
  form: FormData,
  stored: Readonly<Record<string, string>>,
): Record<string, string> {
  const next: Record<string, string> = { ...stored };
  for (const m of RANKED_MODES) {
    const raw = form.get(rankField(m.key));
    if (raw === null) continue;
    const v = String(raw);
    if (v === '') delete next[m.key];
    else if (isRankKey(v)) next[m.key] = v;
    else throw new RankFormError(m.key);
  }
  return next;
}
