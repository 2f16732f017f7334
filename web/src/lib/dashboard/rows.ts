/** A replay read with its report's slim fields (db's ReplayDetailRow) → DashboardReplay, pure so it is tested without a database. */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import { matchTime } from '$lib/sessions/match-time';
import { playlistLabel } from '$lib/format/playlist';
import type { DashboardReplay, MatchResult, MyPlayer } from './types';

export interface LibraryRow {
  replayId: string;
  status: ReplayStatus;
  stage?: ProcessingStage;
  error?: string | null;
  header: Record<string, unknown> | null;
  mapCode: string | null;
  uploadedAt: Date;
  scoreboard: Record<string, unknown> | null;
  /** Report players without their bulky analytics: name, platform, platform_id, team, stats, mechanics. */
  players: Array<Record<string, unknown>> | null;
  blueGoals: number | null;
  orangeGoals: number | null;
  /** report.match.playlist_id / team_size, when the report exists. */
  playlistId?: number | null;
  teamSize?: number | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function myPlayerIn(players: LibraryRow['players'], claims: ReadonlySet<string>): MyPlayer | null {
  if (!players) return null;
  for (const p of players) {
    const id = str(p.platform_id);
    const platform = str(p.platform);
    if (!id || !platform || !claims.has(`${platform}:${id}`)) continue;
    const team = p.team === 'orange' ? 'orange' : 'blue';
    return {
      name: str(p.name) ?? '?',
      team,
      stats: (p.stats as Record<string, unknown>) ?? {},
      mechanics: (p.mechanics as Record<string, unknown> | null) ?? null,
    };
  }
  return null;
}

export function toDashboardReplay(
  row: LibraryRow,
  claims: ReadonlySet<string>,
  timeZone: string,
): DashboardReplay {
  const h = row.header ?? {};
  const sb = row.scoreboard ?? {};
  const teams = (sb.teams ?? {}) as { blue?: { goals?: unknown }; orange?: { goals?: unknown } };
  const blue = num(row.blueGoals) ?? num(teams.blue?.goals) ?? num(h.blueGoals);
  const orange = num(row.orangeGoals) ?? num(teams.orange?.goals) ?? num(h.orangeGoals);
  const me = myPlayerIn(row.players, claims);
  let result: MatchResult | null = null;
  if (me && blue !== null && orange !== null) {
    const mine = me.team === 'blue' ? blue : orange;
    const theirs = me.team === 'blue' ? orange : blue;
    result = mine > theirs ? 'win' : mine < theirs ? 'loss' : 'draw';
  }
  return {
    id: row.replayId,
    status: row.status,
    stage: row.stage ?? ('done' as ProcessingStage),
    error: row.error ?? null,
    playedAt: matchTime(h, timeZone),
    mapName: str(h.mapName) ?? str(row.mapCode) ?? 'Unknown arena',
    mapCode: str(row.mapCode),
    playlist: playlistLabel(num(row.playlistId), num(row.teamSize) ?? num(h.teamSize), str(h.matchType)),
    teamSize: num(row.teamSize) ?? num(h.teamSize),
    durationSeconds: num(h.durationSeconds),
    blueGoals: blue,
    orangeGoals: orange,
    hasReport: row.players !== null,
    me,
    result,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}
