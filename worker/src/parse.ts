/** Bytes in, parsed summary out: no database, no I/O. Runs inside the sandboxed processor. */
import {
  matchInfo,
  parseReplay,
  type MatchInfo,
  type NetworkSummary,
  type ParsedReplay,
} from '@rlcoach/parser';
import { JobTimeoutError } from './errors.js';

export interface ParseOutcome {
  /** The decoded replay (frames kept): the analysis reads it, then it is dropped. */
  replay: ParsedReplay;
  info: MatchInfo;
  network: NetworkSummary;
  parseMs: number;
}

export interface ParseControls {
  /** Absolute deadline (ms since epoch); checked on every progress tick. */
  deadline: number;
  timeoutMs: number;
  /** Fraction 0–1 of the network stream decoded. */
  onProgress?: (fraction: number) => void;
}

/** Diagnostics can be numerous on a badly damaged file; keep the result row bounded. */
const MAX_DIAGNOSTICS = 50;

export function parseReplayFile(bytes: Uint8Array, controls: ParseControls): ParseOutcome {
  const started = performance.now();
  let timedOut = false;
  let parsed;
  try {
    parsed = parseReplay(bytes, {
      network: 'always',
      onProgress(fraction) {
        // The parse is synchronous, so the deadline can only be enforced from inside it.
        if (Date.now() > controls.deadline) {
          timedOut = true;
          throw new JobTimeoutError(controls.timeoutMs);
        }
        controls.onProgress?.(fraction);
      },
    });
  } catch (e) {
    if (timedOut) throw new JobTimeoutError(controls.timeoutMs);
    throw e;
  }
  const network: NetworkSummary = {
    ...parsed.network,
    diagnostics: parsed.network.diagnostics.slice(0, MAX_DIAGNOSTICS),
  };
  return {
    replay: parsed,
    info: matchInfo(parsed.header),
    network,
    parseMs: Math.round(performance.now() - started),
  };
}
