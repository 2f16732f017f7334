import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_VERSION, analyzeReplay } from '../../src/analysis/index.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

/**
 * ANALYSIS_VERSION is tied to the analysis output: stored results are re-analysed only when the
 * version moves, so any change to a computed value must bump it. This test hashes the full report
 * of a fixed set of corpus replays (eras 2015–2026, team sizes 1–4, soccar and hoops, replays with
 * and without a decoded boost stream) and compares the hashes with golden/analysis-golden.json.
 *
 * - Output changed, version not bumped: fails, naming the version and the replays that changed.
 * - Version bumped: fails until the golden file is regenerated with RLCOACH_UPDATE_GOLDEN=1.
 * - RLCOACH_UPDATE_GOLDEN=1 refuses to record new hashes under the version already recorded.
 */
const GOLDEN_REPLAYS = [
  'good/1a12.replay', // 2015, 867.9 (no net version), overtime, boost not decoded
  'good/0008.replay', // 2016, 868.12, offline soccar
  'good/42f0.replay', // 2016, 868.12, online: component links only at keyframes (build-model.ts)
  'good/07e9.replay', // 2016, 868.11, hoops 1v1
  'good/5a06.replay', // 2019, 868.24.10, private 1v1
  'good/a184.replay', // 2020, 868.28.10, private 4v4
  'good/0e62.replay', // 2024, 868.32.10, private 3v3
  'good/8905.replay', // 2025, 868.32.10, private 2v2
  'good/2974.replay', // 2026, 868.32.11, hoops 1v1
];

const goldenPath = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'analysis-golden.json');

interface Golden {
  analysis_version: number;
  /** Corpus path → sha256 of the canonical JSON of its report. */
  reports: Record<string, string>;
}

/** JSON with object keys sorted, so a reordering of fields in the code is not an output change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function reportHash(dir: string, file: string): string {
  const report = analyzeReplay(parseReplayBytes(readFileSync(join(dir, file))));
  return createHash('sha256').update(canonical(report)).digest('hex');
}

const UPDATE_HINT =
  'bump ANALYSIS_VERSION in parser/src/analysis/report.ts, then regenerate the golden hashes with ' +
  '`RLCOACH_UPDATE_GOLDEN=1 npx vitest run parser/test/analysis/golden.test.ts` and commit ' +
  'parser/test/analysis/golden/analysis-golden.json with the change';

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);

describe.skipIf(!dir)('ANALYSIS_VERSION moves whenever the analysis output does', () => {
  it('the golden reports hash as recorded for this ANALYSIS_VERSION', () => {
    const recorded: Golden | null = existsSync(goldenPath)
      ? (JSON.parse(readFileSync(goldenPath, 'utf8')) as Golden)
      : null;
    const current: Golden = {
      analysis_version: ANALYSIS_VERSION,
      reports: Object.fromEntries(GOLDEN_REPLAYS.map((f) => [f, reportHash(dir as string, f)])),
    };
    const changed = GOLDEN_REPLAYS.filter((f) => recorded?.reports[f] !== current.reports[f]);

    if (process.env.RLCOACH_UPDATE_GOLDEN === '1') {
      if (recorded && changed.length > 0 && recorded.analysis_version >= ANALYSIS_VERSION) {
        throw new Error(
          `refusing to record new golden hashes under ANALYSIS_VERSION ${ANALYSIS_VERSION} ` +
            `(already recorded with other output; changed: ${changed.join(', ')}): bump the version first`,
        );
      }
      writeFileSync(goldenPath, JSON.stringify(current, null, 2) + '\n');
      return;
    }

    expect(recorded, `no golden file at ${goldenPath}: ${UPDATE_HINT}`).not.toBeNull();
    const golden = recorded as Golden;
    if (golden.analysis_version === ANALYSIS_VERSION && changed.length > 0) {
      throw new Error(
        `analysis output changed without an ANALYSIS_VERSION bump (still ${ANALYSIS_VERSION}); ` +
          `reports that changed: ${changed.join(', ')}. Stored results would never be re-analysed: ${UPDATE_HINT}`,
      );
    }
    if (golden.analysis_version !== ANALYSIS_VERSION) {
      throw new Error(
        `ANALYSIS_VERSION is ${ANALYSIS_VERSION} but the golden hashes were recorded under ` +
          `${golden.analysis_version}: regenerate them with RLCOACH_UPDATE_GOLDEN=1 (see ${goldenPath})`,
      );
    }
    expect(Object.keys(golden.reports).sort()).toEqual([...GOLDEN_REPLAYS].sort());
  });
});
