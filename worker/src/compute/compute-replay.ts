/**
 * The CPU part of a replay job: parse → analysis → positions track. Pure (no database, no I/O),
 * run in a compute thread; each stage goes through runStage, the tests' extension point.
 */
import { ReplayError } from '@rlcoach/parser';
import { analyseParsed } from '../analyse.js';
import { parseReplayFile, type ParseOutcome } from '../parse.js';
import { runStage } from '../stage-hooks.js';
import { buildTrack } from '../track.js';
import { epochMs } from './clock.js';
import type { ComputeProgress, ComputeResult, ComputeTimings } from './task.js';

/**
 * Parse progress is reported every this many percent (plus 100). Each report is a Redis write and
 * an emit to the owners' sockets; a typical parse takes tens of milliseconds, so quarters suffice.
 */
const PROGRESS_STEP = 25;

export async function computeReplay(
  bytes: Uint8Array,
  report: (p: ComputeProgress) => void = () => {},
): Promise<ComputeResult> {
  const threadStartedAt = epochMs();
  let lastPercent = 0;
  const parseStarted = performance.now();
  let parsed: ParseOutcome;
  try {
    parsed = await runStage('parse', () =>
      parseReplayFile(bytes, {
        onProgress(fraction) {
          const percent = Math.min(100, Math.floor(fraction * 100));
          if (percent >= lastPercent + PROGRESS_STEP || (percent === 100 && lastPercent !== 100)) {
            lastPercent = percent;
            report({ stage: 'parsing', percent });
          }
        },
      }),
    );
  } catch (e) {
    if (e instanceof ReplayError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  report({ stage: 'analysing', percent: 0 });
  const parseMs = performance.now() - parseStarted;
  const analysisMs: Record<string, number> = {};
  const analysis = await runStage('analyse', () => analyseParsed(parsed.replay, analysisMs));
  const trackMs = { sampleMs: 0, encodeMs: 0 };
  const track = await runStage('track', () => buildTrack(parsed.replay, trackMs));
  report({ stage: 'analysing', percent: 100 });
  const { replay: _frames, ...decoded } = parsed;
  const timings: ComputeTimings = {
    threadStartedAt,
    threadFinishedAt: epochMs(),
    parseMs,
    analysisMs,
    trackSampleMs: trackMs.sampleMs,
    trackEncodeMs: trackMs.encodeMs,
  };
  return { ok: true, decoded, analysis, track, timings };
}
