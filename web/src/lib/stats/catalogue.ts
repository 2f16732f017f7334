/**
 * The metric catalogue the dashboard shows: one entry per stat, with the report path it is read
 * from, a friendly label, its unit and which direction is better. Pages never print raw keys.
 */
export type Direction = 'higher' | 'lower' | 'neutral';
export type Unit = 'count' | 'percent' | 'seconds' | 'uu' | 'uu/s' | 'boost' | 'per-minute';

export interface Metric {
  /** Report path under a player's `stats` (e.g. 'boost.bcpm') or 'mechanics.*'. */
  key: string;
  label: string;
  unit: Unit;
  better: Direction;
  /** Benchmarks file key in the same block, when the estimates cover it. */
  group: 'Fundamentals' | 'Boost' | 'Movement' | 'Positioning' | 'Mechanics';
}

export const METRICS: readonly Metric[] = [
  { key: 'core.goals', label: 'Goals', unit: 'count', better: 'higher', group: 'Fundamentals' },
  { key: 'core.assists', label: 'Assists', unit: 'count', better: 'higher', group: 'Fundamentals' },
  { key: 'core.saves', label: 'Saves', unit: 'count', better: 'higher', group: 'Fundamentals' },
  { key: 'core.shots', label: 'Shots', unit: 'count', better: 'higher', group: 'Fundamentals' },
  {
    key: 'core.shots_against',
    label: 'Shots conceded',
    unit: 'count',
    better: 'lower',
    group: 'Fundamentals',
  },
  {
    key: 'core.goals_against',
    label: 'Goals conceded',
    unit: 'count',
    better: 'lower',
    group: 'Fundamentals',
  },
  {
    key: 'core.shooting_percentage',
    label: 'Shooting %',
    unit: 'percent',
    better: 'higher',
    group: 'Fundamentals',
  },
  { key: 'core.score', label: 'Score', unit: 'count', better: 'higher', group: 'Fundamentals' },
  { key: 'demo.inflicted', label: 'Demos', unit: 'count', better: 'higher', group: 'Fundamentals' },
  { key: 'demo.taken', label: 'Times demolished', unit: 'count', better: 'lower', group: 'Fundamentals' },
  {
    key: 'boost.bcpm',
    label: 'Boost collected per minute',
    unit: 'per-minute',
    better: 'higher',
    group: 'Boost',
  },
  { key: 'boost.bpm', label: 'Boost used per minute', unit: 'per-minute', better: 'neutral', group: 'Boost' },
  { key: 'boost.avg_amount', label: 'Average boost', unit: 'boost', better: 'neutral', group: 'Boost' },
  {
    key: 'boost.amount_collected',
    label: 'Boost collected',
    unit: 'boost',
    better: 'higher',
    group: 'Boost',
  },
  { key: 'boost.amount_stolen', label: 'Boost stolen', unit: 'boost', better: 'higher', group: 'Boost' },
  { key: 'boost.count_collected_big', label: 'Big pads', unit: 'count', better: 'neutral', group: 'Boost' },
  {
    key: 'boost.count_collected_small',
    label: 'Small pads',
    unit: 'count',
    better: 'higher',
    group: 'Boost',
  },
  {
    key: 'boost.count_stolen_big',
    label: 'Big pads stolen',
    unit: 'count',
    better: 'higher',
    group: 'Boost',
  },
  {
    key: 'boost.count_stolen_small',
    label: 'Small pads stolen',
    unit: 'count',
    better: 'higher',
    group: 'Boost',
  },
  { key: 'boost.amount_overfill', label: 'Overfill', unit: 'boost', better: 'lower', group: 'Boost' },
  {
    key: 'boost.amount_used_while_supersonic',
    label: 'Boost used while supersonic',
    unit: 'boost',
    better: 'lower',
    group: 'Boost',
  },
  {
    key: 'boost.time_zero_boost',
    label: 'Time at 0 boost',
    unit: 'seconds',
    better: 'lower',
    group: 'Boost',
  },
  {
    key: 'boost.time_full_boost',
    label: 'Time at 100 boost',
    unit: 'seconds',
    better: 'neutral',
    group: 'Boost',
  },
  {
    key: 'boost.percent_zero_boost',
    label: '% time at 0 boost',
    unit: 'percent',
    better: 'lower',
    group: 'Boost',
  },
  {
    key: 'boost.percent_full_boost',
    label: '% time at 100 boost',
    unit: 'percent',
    better: 'neutral',
    group: 'Boost',
  },
  {
    key: 'boost.percent_boost_0_25',
    label: '% time 0–25 boost',
    unit: 'percent',
    better: 'neutral',
    group: 'Boost',
  },
  {
    key: 'boost.percent_boost_25_50',
    label: '% time 25–50 boost',
    unit: 'percent',
    better: 'neutral',
    group: 'Boost',
  },
  {
    key: 'boost.percent_boost_50_75',
    label: '% time 50–75 boost',
    unit: 'percent',
    better: 'neutral',
    group: 'Boost',
  },
  {
    key: 'boost.percent_boost_75_100',
    label: '% time 75–100 boost',
    unit: 'percent',
    better: 'neutral',
    group: 'Boost',
  },
  { key: 'movement.avg_speed', label: 'Average speed', unit: 'uu/s', better: 'higher', group: 'Movement' },
  {
    key: 'movement.total_distance',
    label: 'Distance travelled',
    unit: 'uu',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.percent_supersonic_speed',
    label: '% supersonic',
    unit: 'percent',
    better: 'higher',
    group: 'Movement',
  },
  {
    key: 'movement.percent_boost_speed',
    label: '% boost speed',
    unit: 'percent',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.percent_slow_speed',
    label: '% slow',
    unit: 'percent',
    better: 'lower',
    group: 'Movement',
  },
  {
    key: 'movement.percent_ground',
    label: '% on ground',
    unit: 'percent',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.percent_low_air',
    label: '% low air',
    unit: 'percent',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.percent_high_air',
    label: '% high air',
    unit: 'percent',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.time_powerslide',
    label: 'Powerslide time',
    unit: 'seconds',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'movement.count_powerslide',
    label: 'Powerslides',
    unit: 'count',
    better: 'neutral',
    group: 'Movement',
  },
  {
    key: 'positioning.percent_defensive_third',
    label: '% defensive third',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_neutral_third',
    label: '% neutral third',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_offensive_third',
    label: '% offensive third',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_defensive_half',
    label: '% defensive half',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_offensive_half',
    label: '% offensive half',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_behind_ball',
    label: '% behind ball',
    unit: 'percent',
    better: 'higher',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_infront_ball',
    label: '% in front of ball',
    unit: 'percent',
    better: 'lower',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_most_back',
    label: '% most back',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_most_forward',
    label: '% most forward',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_closest_to_ball',
    label: '% closest to ball',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.percent_farthest_from_ball',
    label: '% farthest from ball',
    unit: 'percent',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.avg_distance_to_ball',
    label: 'Average distance to ball',
    unit: 'uu',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.avg_distance_to_mates',
    label: 'Average distance to teammates',
    unit: 'uu',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.time_most_back',
    label: 'Time as last defender',
    unit: 'seconds',
    better: 'neutral',
    group: 'Positioning',
  },
  {
    key: 'positioning.goals_against_while_last_defender',
    label: 'Goals conceded as last defender',
    unit: 'count',
    better: 'lower',
    group: 'Positioning',
  },
  { key: 'mechanics.jumps', label: 'Jumps', unit: 'count', better: 'neutral', group: 'Mechanics' },
  {
    key: 'mechanics.double_jumps',
    label: 'Double jumps',
    unit: 'count',
    better: 'neutral',
    group: 'Mechanics',
  },
  { key: 'mechanics.dodges', label: 'Flips (dodges)', unit: 'count', better: 'neutral', group: 'Mechanics' },
];

const BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

export function metric(key: string): Metric | undefined {
  return BY_KEY.get(key);
}

/** Friendly label for a catalogue key; an unknown key is title-cased, never shown raw. */
export function metricLabel(key: string): string {
  const m = BY_KEY.get(key);
  if (m) return m.label;
  const last = key.split('.').pop() ?? key;
  const words = last.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value with its unit for display; null (the report does not have it) renders as "—". */
export function formatMetric(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'seconds':
      return value >= 60 ? `${Math.floor(value / 60)}m ${Math.round(value % 60)}s` : `${value.toFixed(1)} s`;
    case 'uu':
      return `${Math.round(value).toLocaleString('en-US')} uu`;
    case 'uu/s':
      return `${Math.round(value).toLocaleString('en-US')} uu/s`;
    case 'per-minute':
      return `${value.toFixed(0)} /min`;
    case 'boost':
      return value.toFixed(0);
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

/** A player's value for a catalogue key, from a report player object; null when absent. */
export function readMetric(
  player: { stats?: unknown; mechanics?: unknown } | null | undefined,
  key: string,
): number | null {
  if (!player) return null;
  const [block, field] = key.split('.') as [string, string | undefined];
  if (!field) return null;
  const root =
    block === 'mechanics' ? player.mechanics : (player.stats as Record<string, unknown> | undefined)?.[block];
  if (!root || typeof root !== 'object') return null;
  const v = (root as Record<string, unknown>)[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
