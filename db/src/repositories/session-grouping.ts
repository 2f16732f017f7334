/**
 * Play sessions (product brief §6): consecutive matches at most `gapMinutes` apart. Match times
 * come from the replay header (never upload time); undated matches belong to no session.
 */
export const DEFAULT_SESSION_GAP_MINUTES = 30;
export const MIN_SESSION_GAP_MINUTES = 5;
export const MAX_SESSION_GAP_MINUTES = 240;

export interface SessionMatch {
  id: string;
  /** ISO instant from the replay header, or null. */
  playedAt: string | null;
  durationSeconds: number | null;
  /** The user's result; null when unknown (no claimed player in the replay). */
  result: 'win' | 'loss' | 'draw' | null;
}

export interface PlaySession<M extends SessionMatch = SessionMatch> {
  /** Stable: derived from the first match's time, so links survive re-grouping where possible. */
  id: string;
  start: string;
  end: string;
  matches: M[];
  wins: number;
  losses: number;
  /** Wins over decided games, null when none is decided. */
  winRate: number | null;
  /** First match start to last match end (s). */
  durationSeconds: number;
}

export function sessionIdFor(firstMatchIso: string): string {
  return `s${Math.floor(Date.parse(firstMatchIso) / 1000).toString(36)}`;
}

export function clampGap(minutes: number): number {
  if (!Number.isFinite(minutes)) return DEFAULT_SESSION_GAP_MINUTES;
  return Math.min(MAX_SESSION_GAP_MINUTES, Math.max(MIN_SESSION_GAP_MINUTES, Math.round(minutes)));
}

/** Group matches into sessions, newest session first, matches oldest first inside a session. */
export function groupSessions<M extends SessionMatch>(
  matches: readonly M[],
  gapMinutes: number,
): PlaySession<M>[] {
  const gapMs = clampGap(gapMinutes) * 60_000;
  const dated = matches
    .filter((m) => m.playedAt !== null && !Number.isNaN(Date.parse(m.playedAt)))
    .sort((a, b) => Date.parse(a.playedAt!) - Date.parse(b.playedAt!));
  const groups: M[][] = [];
  let lastEnd = -Infinity;
  for (const m of dated) {
    const start = Date.parse(m.playedAt!);
    // The gap runs from the end of the previous match to the start of this one.
    if (groups.length === 0 || start - lastEnd > gapMs) groups.push([]);
    groups[groups.length - 1]!.push(m);
    lastEnd = Math.max(lastEnd, start + (m.durationSeconds ?? 0) * 1000);
  }
  return groups
    .map((g): PlaySession<M> => {
      const first = g[0]!;
      const last = g[g.length - 1]!;
      const startMs = Date.parse(first.playedAt!);
      const endMs = Date.parse(last.playedAt!) + (last.durationSeconds ?? 0) * 1000;
      const wins = g.filter((m) => m.result === 'win').length;
      const losses = g.filter((m) => m.result === 'loss').length;
      return {
        id: sessionIdFor(first.playedAt!),
        start: new Date(startMs).toISOString(),
        end: new Date(endMs).toISOString(),
        matches: g,
        wins,
        losses,
        winRate: wins + losses === 0 ? null : wins / (wins + losses),
        durationSeconds: Math.max(0, (endMs - startMs) / 1000),
      };
    })
    .reverse();
}
