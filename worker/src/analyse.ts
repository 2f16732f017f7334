/**
 * Decoded replay in, coaching report out (issue #4's analysis). Runs inside the sandboxed
 * processor right after the parse. An analysis bug must not lose the replay: the header
 * results and scoreboard are still saved, and the replay is marked partial with the reason.
 */
import type { ParsedReplay } from '@rlcoach/parser';
import { analyzeReplay, type AnalysisReport, type AnalysisTimings } from '@rlcoach/parser/analysis/index';

export type AnalyseOutcome =
  { ok: true; report: AnalysisReport; analyseMs: number } | { ok: false; reason: string; analyseMs: number };

/** `timings` (optional) receives each analysis pass's milliseconds (the bench's breakdown). */
export function analyseParsed(replay: ParsedReplay, timings?: AnalysisTimings): AnalyseOutcome {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const report = analyzeReplay(replay, timings);
    return { ok: true, report, analyseMs: elapsed() };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: `Analysis failed: ${message.slice(0, 300)}`, analyseMs: elapsed() };
  }
}
