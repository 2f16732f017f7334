/** Database rows → DashboardReplay, pure so it is tested without a database. */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import { matchTime } from '$lib/sessions/match-time';
import { playlistLabel } from '$lib/format/playlist';
import type { DashboardReplay, MatchResult, MyPlayer } from './types';

export interface LibraryRow {
  id: string;
  status: ReplayStatus;
  stage?: ProcessingStage;
  error?: string | null;
  header: Record<string, unknown> | null;
  map_code: string | null;
  uploaded_at: string | Date;
  scoreboard: Record<string, unknown> | null;
  /** Report players without their bulky analytics: name, platform, platform_id, team, stats, mechanics. */
  players: Array<Record<string, unknown>> | null;
  blue_goals: number | null;
  orange_goals: number | null;
  /** report.match.playlist_id / team_size, when the report exists. */
  playlist_id?: number | null;
  team_size?: number | null;
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
  const blue = num(row.blue_goals) ?? num(teams.blue?.goals) ?? num(h.blueGoals);
  const orange = num(row.orange_goals) ?? num(teams.orange?.goals) ?? num(h.orangeGoals);
  const me = myPlayerIn(row.players, claims);
  let result: MatchResult | null = null;
  if (me && blue !== null && orange !== null) {
    const mine = me.team === 'blue' ? blue : orange;
    const theirs = me.team === 'blue' ? orange : blue;
    result = mine > theirs ? 'win' : mine < theirs ? 'loss' : 'draw';
  }
  return {
    id: row.id,
    status: row.status,
    stage: row.stage ?? ('done' as ProcessingStage),
    error: row.error ?? null,
    playedAt: matchTime(h, timeZone),
    mapName: str(h.mapName) ?? str(row.map_code) ?? 'Unknown arena',
    mapCode: str(row.map_code),
    playlist: playlistLabel(num(row.playlist_id), num(row.team_size) ?? num(h.teamSize), str(h.matchType)),
    teamSize: num(row.team_size) ?? num(h.teamSize),
    durationSeconds: num(h.durationSeconds),
    blueGoals: blue,
    orangeGoals: orange,
    hasReport: row.players !== null,
    me,
    result,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
  };
}
