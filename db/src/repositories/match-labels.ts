/**
 * The labels a replay is shown with, wherever it is shown (the upload card, the Replays list, the
 * replay page): playlist, match date with its time-zone label, and the players of each team. One
 * module, pure and browser-safe (web's drop zone imports it too), so two views of one replay
 * cannot disagree.
 */
export { playlistLabel } from './playlist-label.js';

export interface MatchWhen {
  /** ISO instant from the header's MatchStartEpoch (a real UTC time); null when the replay lacks it. */
  playedAt: string | null;
  /** The header's Date: the recorder's wall clock, no zone ("2021-02-07 20-15-33"). */
  dateLocal: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const UTC_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** ISO instant → "25 Nov 2026, 20:48 UTC" (UTC, so server and browser render the same text). */
export function utcDateLabel(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : `${UTC_DATE.format(d)} UTC`;
}

/** "2017-09-30 18-15-45" → "30 Sep 2017, 18:15 (recorder's local time)"; null when unreadable. */
export function localDateLabel(dateLocal: string | null): string | null {
  const m = dateLocal ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2})[-:](\d{2})/.exec(dateLocal.trim()) : null;
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return null;
  return `${Number(m[3])} ${month} ${m[1]}, ${m[4]}:${m[5]} (recorder's local time)`;
}

/**
 * The match date as every view shows it: the real instant in UTC when the replay records one,
 * else the recorder's wall clock said to be that, else "Date unknown". Never the upload time.
 */
export function matchDateLabel(when: MatchWhen): string {
  return utcDateLabel(when.playedAt) ?? localDateLabel(when.dateLocal) ?? 'Date unknown';
}

export interface RosterPlayer {
  name: string;
  /** 0 / 'blue' or 1 / 'orange'; anything else (spectators, referees) is not on a team. */
  team: number | string | null;
  score: number | null;
}

export interface TeamRosters {
  blue: string[];
  orange: string[];
}

const sideOf = (team: RosterPlayer['team']): keyof TeamRosters | null =>
  team === 0 || team === 'blue' ? 'blue' : team === 1 || team === 'orange' ? 'orange' : null;

/** The players of each team, highest score first like the in-game scoreboard (ties by name). */
export function teamRosters(players: readonly RosterPlayer[]): TeamRosters {
  const out: TeamRosters = { blue: [], orange: [] };
  const sorted = [...players].sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name),
  );
  for (const p of sorted) {
    const side = sideOf(p.team);
    if (side) out[side].push(p.name);
  }
  return out;
}

/** "mrtn, Kaydop vs Zen, M0nkey M00n"; an empty side reads "—". */
export function rosterLabel(r: TeamRosters): string {
  const side = (names: string[]) => (names.length > 0 ? names.join(', ') : '—');
  return `${side(r.blue)} vs ${side(r.orange)}`;
}
