import type { AnalysisReport, ReportPlayer } from '@rlcoach/parser/analysis/report';
import { matchClockText, type ClockReader } from '$lib/format/match-clock';

export type { AnalysisReport, ReportPlayer };

/** Platform key of a report player, as claims store it ("steam:7656…"); null without an id. */
export function playerKeyOf(p: Pick<ReportPlayer, 'platform' | 'platform_id'>): string | null {
  return p.platform_id ? `${p.platform}:${p.platform_id}` : null;
}

/** The report player who is this user, by claimed platform keys only (never by display name). */
export function findMe(
  report: Pick<AnalysisReport, 'players'> | null,
  myKeys: readonly string[],
): ReportPlayer | null {
  if (!report) return null;
  const keys = new Set(myKeys);
  return (
    report.players.find((p) => {
      const k = playerKeyOf(p);
      return k !== null && keys.has(k);
    }) ?? null
  );
}

/** An event's replay time on the match clock → "m:ss". */
export function eventClock(seconds: number, clock: ClockReader): string {
  return matchClockText(clock(seconds));
}

/** Props shared by the replay-detail tabs whose events seek the viewer. */
export interface SeekableTabProps {
  report: AnalysisReport;
  me: ReportPlayer | null;
  /** Reads event times on the match clock (format/match-clock.ts). */
  clock: ClockReader;
  onSeek: (t: number) => void;
}
