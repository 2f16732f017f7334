import type { MechanicEvent, MechanicKind, FlipDirection } from './detect.js';

/** Per-player mechanic counts and, where the spec defines success, success rates. */
export interface MechanicsSummary {
  counts: Record<MechanicKind, number>;
  flips_by_direction: Record<FlipDirection, number>;
  /** Aerials that touched the ball / aerials (null with no aerials). */
  aerial_success_rate: number | null;
  /** Flip resets followed by a dodge / flip resets (null with none). */
  flip_reset_success_rate: number | null;
  /** Highest aerial (uu), null with no aerials. */
  max_aerial_height: number | null;
}

export const MECHANIC_KINDS: readonly MechanicKind[] = [
  'jump',
  'double_jump',
  'flip',
  'half_flip',
  'speed_flip',
  'wavedash',
  'aerial',
  'air_dribble',
  'ceiling_shot',
  'flip_reset',
  'double_tap',
  'flick',
];

export const FLIP_DIRECTIONS: readonly FlipDirection[] = ['forward', 'back', 'side', 'diagonal', 'unknown'];

const rate = (events: MechanicEvent[]): number | null =>
  events.length === 0 ? null : events.filter((e) => e.success).length / events.length;

export function summarizeMechanics(events: MechanicEvent[], playerCount: number): MechanicsSummary[] {
  return Array.from({ length: playerCount }, (_, p) => {
    const mine = events.filter((e) => e.player === p);
    const counts = Object.fromEntries(MECHANIC_KINDS.map((k) => [k, 0])) as Record<MechanicKind, number>;
    const dirs = Object.fromEntries(FLIP_DIRECTIONS.map((d) => [d, 0])) as Record<FlipDirection, number>;
    for (const e of mine) {
      counts[e.kind]++;
      if (e.kind === 'flip') dirs[e.direction ?? 'unknown']++;
    }
    const aerials = mine.filter((e) => e.kind === 'aerial');
    return {
      counts,
      flips_by_direction: dirs,
      aerial_success_rate: rate(aerials),
      flip_reset_success_rate: rate(mine.filter((e) => e.kind === 'flip_reset')),
      max_aerial_height: aerials.length ? Math.max(...aerials.map((e) => e.height ?? 0)) : null,
    };
  });
}
