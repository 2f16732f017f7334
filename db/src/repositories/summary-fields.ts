/**
 * One owner's summary of one replay, computed from the stored header, the slim part of the
 * analysis report (players' stats blocks, team goals, playlist) and the ownership's identity.
 * Pure, so every rule is tested without a database.
 */
import { playerKey } from '../auth/identity.js';
import type { MatchResult } from '../entities/replay-summary.js';
import { localHeaderDateToIso } from './match-time.js';
import { playlistLabel } from './playlist-label.js';
import {
  INTEGER_STAT_COLUMNS,
  SUMMARY_STAT_COLUMNS,
  type SummaryStatPath,
  type SummaryStatValues,
} from './summary-columns.js';

export interface ReportPlayerSlim {
  name?: unknown;
  platform?: unknown;
  platform_id?: unknown;
  team?: unknown;
  stats?: unknown;
  mechanics?: unknown;
}

export interface SummarySource {
  replayId: string;
  header: unknown;
  mapCode: string | null;
  /** null while the replay has no analysis report. */
  report: {
    players: ReportPlayerSlim[];
    blueGoals: number | null;
    orangeGoals: number | null;
    playlistId: number | null;
    teamSize: number | null;
    /** The match clock's length (report match.clock.seconds); null in reports older than 1.2. */
    clockSeconds?: number | null;
  } | null;
  resultAt: Date | null;
  /** The ownership's player key and counts-in-stats flag, as stored on replay_ownerships. */
  ownershipKey: string | null;
  counts: boolean;
}

/** Column values of replay_summaries (snake_case, as written). */
export interface SummaryFields extends SummaryStatValues {
  replay_id: string;
  played_at: string | null;
  date_local: string | null;
  played_at_zoned: boolean;
  map_code: string | null;
  map_name: string;
  playlist: string | null;
  team_size: number | null;
  duration_seconds: number | null;
  blue_goals: number | null;
  orange_goals: number | null;
  has_report: boolean;
  source_result_at: string | null;
  player_key: string | null;
  counted: boolean;
  player_name: string | null;
  team: 'blue' | 'orange' | null;
  result: MatchResult | null;
  me: { stats: Record<string, unknown>; mechanics: Record<string, unknown> | null } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const int = (v: unknown): number | null => {
  const n = num(v);
  return n === null ? null : Math.round(n);
};

/** The stat columns from a report player's stats blocks; null where absent or not a number. */
function statColumns(stats: Record<string, unknown> | null): SummaryStatValues {
  const out = {} as SummaryStatValues;
  for (const [path, column] of Object.entries(SUMMARY_STAT_COLUMNS)) {
    const [block, field] = (path as SummaryStatPath).split('.') as [string, string];
    const value = num(obj(stats?.[block])?.[field]);
    out[column] = INTEGER_STAT_COLUMNS.has(column) ? int(value) : value;
  }
  return out;
}

/** Match time: MatchStartEpoch (UTC) when present, else the header Date in the owner's zone. */
export function matchTimeOf(
  header: Record<string, unknown>,
  timeZone: string,
): { playedAt: string | null; zoned: boolean } {
  const utc = str(header.playedAt);
  if (utc && !Number.isNaN(Date.parse(utc))) return { playedAt: new Date(utc).toISOString(), zoned: false };
  const local = str(header.dateLocal);
  return local
    ? { playedAt: localHeaderDateToIso(local, timeZone), zoned: true }
    : { playedAt: null, zoned: false };
}

export function summaryFields(src: SummarySource, timeZone: string): SummaryFields {
  const h = obj(src.header) ?? {};
  const report = src.report;
  const blue = report?.blueGoals ?? num(h.blueGoals);
  const orange = report?.orangeGoals ?? num(h.orangeGoals);
  const teamSize = report?.teamSize ?? num(h.teamSize);
  const time = matchTimeOf(h, timeZone);
  // "Me" only through the ownership's key, and only when the ownership counts in stats.
  const mine =
    src.counts && src.ownershipKey && report
      ? (report.players.find((p) => playerKey(str(p.platform), str(p.platform_id)) === src.ownershipKey) ??
        null)
      : null;
  const team = mine ? (mine.team === 'orange' ? 'orange' : 'blue') : null;
  let result: MatchResult | null = null;
  if (team && blue !== null && orange !== null) {
    const ours = team === 'blue' ? blue : orange;
    const theirs = team === 'blue' ? orange : blue;
    result = ours > theirs ? 'win' : ours < theirs ? 'loss' : 'draw';
  }
  const stats = mine ? obj(mine.stats) : null;
  return {
    replay_id: src.replayId,
    played_at: time.playedAt,
    date_local: str(h.dateLocal),
    played_at_zoned: time.zoned,
    map_code: src.mapCode,
    map_name: str(h.mapName) ?? src.mapCode ?? 'Unknown arena',
    playlist: playlistLabel(report?.playlistId ?? null, teamSize, str(h.matchType)),
    team_size: teamSize,
    // The match clock once analysed (what the replay page and viewer show), else the recording's length.
    duration_seconds: report?.clockSeconds || num(h.durationSeconds),
    blue_goals: blue,
    orange_goals: orange,
    has_report: report !== null,
    source_result_at: src.resultAt ? src.resultAt.toISOString() : null,
    player_key: src.ownershipKey,
    counted: src.counts,
    player_name: mine ? (str(mine.name)?.slice(0, 64) ?? null) : null,
    team,
    result,
    ...statColumns(stats),
    me: mine ? { stats: stats ?? {}, mechanics: obj(mine.mechanics) } : null,
  };
}
