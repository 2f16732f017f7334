/** The Scoreboard shown to users, built from the header's MatchInfo only (no network data needed). */
import type { MatchInfo, MatchPlayer } from '@rlcoach/parser';
import type { Scoreboard, ScoreboardPlayer } from '@rlcoach/db/contracts/socket-events';

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

export function buildScoreboard(replayId: string, info: MatchInfo): Scoreboard {
  const side = (team: 0 | 1) =>
    info.players
      .filter((p) => p.team === team)
      .map(player)
      .sort(byScore);
  return {
    replayId,
    matchGuid: info.matchGuid,
    map: { code: info.mapCode ?? 'unknown', name: info.mapName ?? info.mapCode ?? 'Unknown arena' },
    playlist: info.matchType,
    playedAt: info.playedAt,
    durationSeconds: info.durationSeconds,
    overtime: info.overtime === true,
    teams: {
      blue: { goals: info.blueGoals, players: side(0) },
      orange: { goals: info.orangeGoals, players: side(1) },
    },
  };
}
