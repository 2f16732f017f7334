/**
 * The replay detail page's reads, only through the user's ownership: the replay with its stored
 * result (the report's slim fields pulled out in SQL) and the positions track.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReplayOwnership } from '../entities/replay-ownership.js';
import { ReplayTrack } from '../entities/replay-track.js';
import type { ProcessingStage, ReplayStatus } from '../enums.js';
import { sqlAll } from './sql-exec.js';
import { toDate } from './summary-list-row.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReplayDetailRow {
  replayId: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  /** The stored MatchInfo json written at upload. */
  header: Record<string, unknown> | null;
  mapCode: string | null;
  uploadedAt: Date;
  scoreboard: Record<string, unknown> | null;
  report: Record<string, unknown> | null;
  /** report.teams.<team>.goals, report.match.playlist_id / team_size, when the report exists. */
  blueGoals: number | null;
  orangeGoals: number | null;
  playlistId: number | null;
  teamSize: number | null;
  /** report.players (null without a report). */
  players: Array<Record<string, unknown>> | null;
  hasTrack: boolean;
}

/** One replay the user owns, or null (not theirs, unknown, or not a uuid). */
export async function readReplayDetail(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<ReplayDetailRow | null> {
  if (!UUID.test(replayId)) return null;
  const [r] = await sqlAll<{
    id: string;
    status: ReplayStatus;
    stage: ProcessingStage;
    error: string | null;
    header: Record<string, unknown> | null;
    map_code: string | null;
    uploaded_at: Date | string;
    scoreboard: Record<string, unknown> | null;
    report: Record<string, unknown> | null;
    blue_goals: number | null;
    orange_goals: number | null;
    playlist_id: number | null;
    team_size: number | null;
    players: Array<Record<string, unknown>> | null;
    has_track: boolean;
  }>(
    em,
    `select r.id, r.status, r.stage, r.header, r.map_code, r.error, o.created_at as uploaded_at, res.scoreboard, res.report,
       (res.report->'teams'->'blue'->>'goals')::int as blue_goals,
       (res.report->'teams'->'orange'->>'goals')::int as orange_goals,
       (res.report->'match'->>'playlist_id')::int as playlist_id,
       (res.report->'match'->>'team_size')::int as team_size,
       res.report->'players' as players,
       exists(select 1 from replay_tracks t where t.replay_id = r.id) as has_track
     from replay_ownerships o join replays r on r.id = o.replay_id
     left join replay_results res on res.replay_id = r.id
     where o.user_id = ? and r.id = ?`,
    [userId, replayId],
  );
  if (!r) return null;
  return {
    replayId: r.id,
    status: r.status,
    stage: r.stage,
    error: r.error,
    header: r.header,
    mapCode: r.map_code,
    uploadedAt: toDate(r.uploaded_at),
    scoreboard: r.scoreboard,
    report: r.report,
    blueGoals: r.blue_goals,
    orangeGoals: r.orange_goals,
    playlistId: r.playlist_id,
    teamSize: r.team_size,
    players: r.players,
    hasTrack: r.has_track,
  };
}

/** The stored positions track, only for an owner of the replay. */
export async function readReplayTrack(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<Uint8Array | null> {
  if (!UUID.test(replayId)) return null;
  const owned = await em.count(ReplayOwnership, { user: userId, replay: replayId });
  if (!owned) return null;
  const t = await em.findOne(ReplayTrack, { replay: replayId });
  return t ? new Uint8Array(t.data) : null;
}
