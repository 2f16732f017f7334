/** Bytes in, parsed summary out: no database, no I/O. Runs in a compute thread (compute/thread.ts). */
import {
  matchInfo,
  parseReplay,
  type MatchInfo,
  type NetworkSummary,
  type ParsedReplay,
} from '@rlcoach/parser';

/** What the parse yields besides the frames: all that is stored about the decoding itself. */
export interface DecodedSummary {
  info: MatchInfo;
  network: NetworkSummary;
  parseMs: number;
}

export interface ParseOutcome extends DecodedSummary {
  /** The decoded replay (frames kept): the analysis reads it, then it is dropped. */
  replay: ParsedReplay;
}

export interface ParseControls {
  /** Fraction 0–1 of the network stream decoded. */
  onProgress?: (fraction: number) => void;
}

/** Diagnostics can be numerous on a badly damaged file; keep the result row bounded. */
const MAX_DIAGNOSTICS = 50;

/** The job deadline is not checked here: a job out of time has its whole thread terminated. */
export function parseReplayFile(bytes: Uint8Array, controls: ParseControls = {}): ParseOutcome {
  const started = performance.now();
  const parsed = parseReplay(bytes, { network: 'always', onProgress: controls.onProgress });
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
