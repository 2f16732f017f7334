/** The Scoreboard shown to users, built from the header's MatchInfo only (no network data needed). */
import type { MatchInfo, MatchPlayer } from '@rlcoach/parser';
import type { AnalyseOutcome } from './analyse.js';
import type { Scoreboard, ScoreboardPlayer } from '@rlcoach/db/contracts/socket-events';
import { playlistLabel } from '@rlcoach/db/repositories/match-labels';

function player(p: MatchPlayer): ScoreboardPlayer {
  return {
    name: p.name,
    platform: p.platform,
    platformId: p.platformId,
    score: p.score,
    goals: p.goals,
    assists: p.assists,
    saves: p.saves,
    shots: p.shots,
  };
}

/** Highest score first, like the in-game scoreboard. */
const byScore = (a: ScoreboardPlayer, b: ScoreboardPlayer) => (b.score ?? -1) - (a.score ?? -1);

/**
 * `match` is what the analysis read from the network stream (the header has no playlist id), so
 * the card names the playlist exactly as the Replays list does; null when the analysis failed.
 */
export function buildScoreboard(
  replayId: string,
  info: MatchInfo,
  match: { playlistId: number | null; teamSize: number | null } | null = null,
): Scoreboard {
  const side = (team: 0 | 1) =>
    info.players
      .filter((p) => p.team === team)
      .map(player)
      .sort(byScore);
  return {
    replayId,
    matchGuid: info.matchGuid,
    map: { code: info.mapCode ?? 'unknown', name: info.mapName ?? info.mapCode ?? 'Unknown arena' },
    playlist: playlistLabel(match?.playlistId ?? null, match?.teamSize ?? info.teamSize, info.matchType),
    playedAt: info.playedAt,
    dateLocal: info.dateLocal,
    durationSeconds: info.durationSeconds,
    overtime: info.overtime === true,
    teams: {
      blue: { goals: info.blueGoals, players: side(0) },
      orange: { goals: info.orangeGoals, players: side(1) },
    },
  };
}

/** The playlist id and team size the analysis read, for `buildScoreboard`. */
export function scoreboardMatchOf(
  analysis: AnalyseOutcome,
): { playlistId: number | null; teamSize: number | null } | null {
  return analysis.ok
    ? { playlistId: analysis.report.match.playlist_id, teamSize: analysis.report.match.team_size }
    : null;
}
