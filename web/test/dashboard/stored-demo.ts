// The demo replay decoded and analysed by the real parser, and a helper storing it as one of a
// user's analysed replays (replay + ownership + result rows), for the dashboard's database tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Replay, ReplayOwnership, ReplayResult, type EntityManager } from '@rlcoach/db';
import { matchInfo, parseReplay } from '@rlcoach/parser';
import { analyzeReplay } from '@rlcoach/parser/analysis/index';

const DEMO = fileURLToPath(
  new URL('../../../worker/fixtures/demo-replays/2026-ranked-doubles.replay', import.meta.url),
);

export interface AnalysedDemo {
  bytes: Uint8Array;
  parsed: ReturnType<typeof parseReplay>;
  info: ReturnType<typeof matchInfo>;
  report: ReturnType<typeof analyzeReplay>;
}

export function analyseDemo(): AnalysedDemo {
  const bytes = new Uint8Array(readFileSync(DEMO));
  const parsed = parseReplay(bytes);
  return { bytes, parsed, info: matchInfo(parsed.header), report: analyzeReplay(parsed) };
}

/**
 * Store the demo as an analysed replay owned by `ownerId` (flushes the replay for its id; the
 * ownership and result are left for the caller's flush). `report` overrides the analysed one.
 */
export async function storeDemoReplay(
  em: EntityManager,
  demo: AnalysedDemo,
  opts: { ownerId: string; sha: string; report?: unknown; scoreboard?: Record<string, unknown> },
): Promise<Replay> {
  const r = em.create(Replay, {
    fileSha256: opts.sha,
    storageKey: `${opts.sha.slice(0, 2)}/${opts.sha}.replay`,
    sizeBytes: demo.bytes.length,
    header: demo.info as unknown as Record<string, unknown>,
    playedAt: demo.info.playedAt ? new Date(demo.info.playedAt) : null,
    mapCode: demo.info.mapCode,
    status: 'analysed',
  } as unknown as Replay);
  await em.flush();
  em.create(ReplayOwnership, { user: opts.ownerId, replay: r.id } as unknown as ReplayOwnership);
  em.create(ReplayResult, {
    replay: r.id,
    scoreboard: opts.scoreboard ?? {},
    report: (opts.report ?? demo.report) as Record<string, unknown>,
    network: {},
    framesDecoded: demo.parsed.network.framesDecoded,
    framesTotal: demo.parsed.network.framesTotal,
  } as unknown as ReplayResult);
  return r;
}
