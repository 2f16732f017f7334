/**
 * The match clock on the web: every time a replay page shows (header length, viewer clock,
 * event lists, timeline) reads the report's match clock (parser analysis/match-clock.ts), so they
 * agree: seconds the game's clock ran, from the first kickoff, on into overtime.
 */
import { matchSecondsAt, type ClockSegment } from '@rlcoach/parser/analysis/match-clock';

/** Reads a replay time (seconds since recording start) as match seconds. */
export type ClockReader = (replayTime: number) => number;

/**
 * The reader of a report's clock. Reports older than 1.2 have no clock: they count replay
 * seconds from `zero` (the first kickoff), as before.
 */
export function clockReaderOf(clock: { segments: ClockSegment[] } | undefined, zero: number): ClockReader {
  const segments = clock?.segments ?? [];
  if (segments.length > 0) return (t) => matchSecondsAt(segments, t);
  return (t) => Math.max(0, t - zero);
}

/** Match seconds → "m:ss" (overtime runs on past 5:00, as the game's overtime clock counts up). */
export function matchClockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
