import type { AnalysisReport, ReportPlayer } from '@rlcoach/parser/analysis/report';

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

/** Seconds since the first event base → "m:ss". */
export function eventClock(seconds: number, start: number): string {
  const s = Math.max(0, Math.floor(seconds - start));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Props shared by the replay-detail tabs whose events seek the viewer. */
export interface SeekableTabProps {
  report: AnalysisReport;
  me: ReportPlayer | null;
  /** Kickoff time the event clock counts from (seconds). */
  start: number;
  onSeek: (t: number) => void;
}
