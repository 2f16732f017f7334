/**
 * One game in depth for the coach (the `game_details` tool): the stored analysis report cut down to
 * what coaching needs — the score, the player's own stats, mechanics and rotation, everyone's
 * topline, and the moments (goals, shots, saves, demos, kickoffs, notable mechanics) with their
 * replay-time seconds so the answer can cite them. Lists are capped so one game stays a few KB.
 */
import type { CoachGame } from '@rlcoach/db/coach/index';
import { playlistLabel } from '@rlcoach/db/repositories/playlist-label';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]).map(obj) : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const r1 = (v: unknown): number | null => {
  const n = num(v);
  return n === null ? null : Math.round(n * 10) / 10;
};

/** Keep only numeric fields, rounded (the report's blocks are flat maps of numbers). */
function figures(block: unknown, keys?: string[]): Record<string, number | null> {
  const b = obj(block);
  const out: Record<string, number | null> = {};
  for (const k of keys ?? Object.keys(b)) if (typeof b[k] === 'number' || b[k] === null) out[k] = r1(b[k]);
  return out;
}

const BOOST_KEYS = [
  'bcpm',
  'avg_amount',
  'percent_zero_boost',
  'percent_full_boost',
  'amount_stolen',
  'count_collected_big',
  'count_collected_small',
  'amount_overfill',
];
const MOVEMENT_KEYS = [
  'avg_speed',
  'percent_supersonic_speed',
  'percent_slow_speed',
  'percent_ground',
  'percent_low_air',
  'percent_high_air',
  'count_powerslide',
];
const POSITIONING_KEYS = [
  'percent_defensive_third',
  'percent_neutral_third',
  'percent_offensive_third',
  'percent_behind_ball',
  'percent_most_back',
  'percent_most_forward',
  'avg_distance_to_ball',
  'avg_distance_to_mates',
];
/** Mechanics worth pointing at; jumps, flips and double jumps are too many to list. */
const NOTABLE_MECHANICS = new Set([
  'aerial',
  'air_dribble',
  'ceiling_shot',
  'flip_reset',
  'double_tap',
  'flick',
  'wavedash',
  'speed_flip',
  'half_flip',
]);

const at = (e: Obj) => r1(e.time);

export function digestGame(game: CoachGame): Obj {
  const { detail, me } = game;
  const report = obj(detail.report);
  const match = obj(report.match);
  const players = arr(report.players);
  const events = obj(report.events);
  const mine = me?.playerName
    ? players.find((p) => p.name === me.playerName && p.team === me.team)
    : undefined;
  const myName = mine ? String(mine.name) : null;
  const stats = obj(mine?.stats);
  const mechanics = obj(mine?.mechanics);
  const analytics = obj(mine?.analytics);

  const notable = arr(events.mechanics).filter((e) => NOTABLE_MECHANICS.has(String(e.kind)));
  return {
    replay_id: detail.replayId,
    status: detail.status,
    note: detail.report
      ? 'Times are replay seconds (the viewer clock); cite a moment as [[moment:<replay_id>:<seconds>|label]].'
      : 'This replay has no analysis report yet (still processing or failed); only the header is known.',
    match: {
      map: match.map_code ?? detail.mapCode,
      playlist: playlistLabel(
        num(match.playlist_id),
        num(match.team_size),
        (match.match_type as string) ?? null,
      ),
      team_size: num(match.team_size),
      played_at: match.started_at ?? null,
      duration_seconds: r1(match.duration),
      overtime: match.overtime ?? null,
      forfeit: match.forfeit ?? null,
      score: { blue: detail.blueGoals, orange: detail.orangeGoals },
    },
    you: me
      ? {
          name: myName,
          team: me.team,
          result: me.result,
          core: figures(stats.core),
          boost: figures(stats.boost, BOOST_KEYS),
          movement: figures(stats.movement, MOVEMENT_KEYS),
          positioning: figures(stats.positioning, POSITIONING_KEYS),
          demos: figures(stats.demo),
          mechanics: { ...figures(mechanics.counts), aerial_success_rate: r1(mechanics.aerial_success_rate) },
          rotation: figures(analytics, [
            'percent_first_man',
            'percent_second_man',
            'percent_third_man',
            'time_last_man',
            'time_double_commit',
          ]),
          xg: figures(mine?.xg),
        }
      : { note: 'You are not a counted player in this game (an upload of someone else’s match, or an alt).' },
    players: players.map((p) => ({
      name: p.name,
      team: p.team,
      you: myName !== null && p.name === myName,
      ...figures(obj(p.stats).core, ['score', 'goals', 'assists', 'saves', 'shots']),
    })),
    moments: {
      goals: arr(events.goals).map((e) => ({
        t: at(e),
        team: e.team,
        scorer: e.scorer,
        assist: e.assister ?? null,
      })),
      shots: arr(events.shots)
        .slice(0, 40)
        .map((e) => ({ t: at(e), player: e.player, team: e.team, xg: r1(e.xg), scored: e.scored ?? null })),
      saves: arr(events.saves)
        .slice(0, 30)
        .map((e) => ({ t: at(e), player: e.player, team: e.team })),
      demos: arr(events.demos)
        .slice(0, 30)
        .map((e) => ({ t: at(e), attacker: e.attacker, victim: e.victim })),
      kickoffs: arr(events.kickoffs)
        .slice(0, 20)
        .map((e) => ({
          t: at(e),
          first_touch: obj(e.first_touch).player ?? null,
          possession: e.first_possession,
        })),
      your_notable_mechanics: notable
        .filter((e) => myName === null || e.player === myName)
        .slice(0, 30)
        .map((e) => ({ t: at(e), kind: e.kind })),
    },
    insights: arr(report.insights)
      .slice(0, 12)
      .map((i) => ({ player: i.player, severity: i.severity, message: i.message })),
  };
}
