/**
 * The CPU part of a replay job: parse → analysis → positions track. Pure (no database, no I/O),
 * run in a compute thread; each stage goes through runStage, the tests' extension point.
 */
import { ReplayError } from '@rlcoach/parser';
import { analyseParsed } from '../analyse.js';
import { parseReplayFile, type ParseOutcome } from '../parse.js';
import { runStage } from '../stage-hooks.js';
import { buildTrack } from '../track.js';
import type { ComputeProgress, ComputeResult } from './task.js';

/** Parse progress is reported every this many percent (plus 100). */
const PROGRESS_STEP = 5;

export async function computeReplay(
  bytes: Uint8Array,
  report: (p: ComputeProgress) => void = () => {},
): Promise<ComputeResult> {
  let lastPercent = 0;
  let parsed: ParseOutcome;
  const parseStarted = performance.now();
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
  const parseSeconds = (performance.now() - parseStarted) / 1000;
  report({ stage: 'analysing', percent: 0 });
  const analysisStarted = performance.now();
  const analysis = await runStage('analyse', () => analyseParsed(parsed.replay));
  const track = await runStage('track', () => buildTrack(parsed.replay));
  const analysisSeconds = (performance.now() - analysisStarted) / 1000;
  report({ stage: 'analysing', percent: 100 });
  const { replay: _frames, ...decoded } = parsed;
  return { ok: true, decoded, analysis, track, timings: { parseSeconds, analysisSeconds } };
}
