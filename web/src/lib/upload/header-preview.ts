/**
 * The scoreboard a dropped file shows before its upload finishes, read from the header the browser
 * just decoded (parser MatchInfo). Header facts only: no analysis, nothing guessed.
 */
import type { MatchInfo } from '@rlcoach/parser';
import { playlistLabel } from '$lib/format/playlist';

export interface PreviewPlayer {
  name: string;
  bot: boolean;
  score: number | null;
  goals: number | null;
  assists: number | null;
  saves: number | null;
  shots: number | null;
}

export interface HeaderPreview {
  mapName: string | null;
  mapCode: string | null;
  /** "2v2 Online"-style: the header carries match type and team size, not the playlist id. */
  playlist: string | null;
  /** ISO instant from MatchStartEpoch; null on replays without it. */
  playedAt: string | null;
  /** Header Date, the recorder's wall clock without a zone (shown when playedAt is null). */
  dateLocal: string | null;
  durationSeconds: number | null;
  blue: { goals: number; players: PreviewPlayer[] };
  orange: { goals: number; players: PreviewPlayer[] };
}

/** Highest score first, like the in-game scoreboard. */
const byScore = (a: PreviewPlayer, b: PreviewPlayer) => (b.score ?? -1) - (a.score ?? -1);

/** The preview of a decoded header. Spectators and referees are not in `info.players` (see MatchInfo). */
export function previewOf(info: MatchInfo): HeaderPreview {
  const side = (team: 0 | 1): PreviewPlayer[] =>
    info.players
      .filter((p) => p.team === team)
      .map((p) => ({
        name: p.name,
        bot: p.bot,
        score: p.score,
        goals: p.goals,
        assists: p.assists,
        saves: p.saves,
        shots: p.shots,
      }))
      .sort(byScore);
  return {
    mapName: info.mapName,
    mapCode: info.mapCode,
    // The header has no playlist id: the Replays list's formatter, with team size and match type.
    playlist: playlistLabel(null, info.teamSize, info.matchType),
    playedAt: info.playedAt,
    dateLocal: info.dateLocal,
    durationSeconds: info.durationSeconds,
    blue: { goals: info.blueGoals, players: side(0) },
    orange: { goals: info.orangeGoals, players: side(1) },
  };
}

/** "2017-09-30 18-15-45" → "30 Sep 2017, 18:15 (recorder's local time)"; null when unreadable. */
export { localDateLabel as formatHeaderLocalDate } from '$lib/format/match-labels';
