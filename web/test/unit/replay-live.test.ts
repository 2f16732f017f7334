import { describe, expect, it } from 'vitest';
import type { Scoreboard } from '@rlcoach/db/contracts/socket-events';
import {
  fromSnapshot,
  mergeSnapshot,
  needsSnapshot,
  onDone,
  onFailed,
  onProgress,
  pipelinePercent,
} from '../../src/lib/realtime/replay-live';

const board: Scoreboard = {
  replayId: 'r1',
  matchGuid: null,
  map: { code: 'stadium_p', name: 'DFH Stadium' },
  playlist: null,
  playedAt: null,
  durationSeconds: 300,
  overtime: false,
  teams: { blue: { goals: 1, players: [] }, orange: { goals: 0, players: [] } },
};

describe('replay live state', () => {
  it('follows the stages forward and never lets a late progress undo a terminal state', () => {
    let live = onProgress(undefined, { replayId: 'r1', stage: 'parsing', percent: 40 });
    expect(live).toEqual({ phase: 'processing', stage: 'parsing', percent: 40 });
    expect(pipelinePercent(live)).toBe(37);
    live = onDone({ replayId: 'r1', status: 'analysed', scoreboard: board });
    expect(onProgress(live, { replayId: 'r1', stage: 'saving', percent: 10 })).toBe(live);
    expect(pipelinePercent(live)).toBe(100);
  });

  it('clamps nonsense percentages', () => {
    expect(onProgress(undefined, { replayId: 'r', stage: 'parsing', percent: 250 })).toMatchObject({
      percent: 100,
    });
    expect(onProgress(undefined, { replayId: 'r', stage: 'parsing', percent: Number.NaN })).toMatchObject({
      percent: 0,
    });
  });

  it('asks for a snapshot when a terminal stage arrives without its payload', () => {
    expect(needsSnapshot(onProgress(undefined, { replayId: 'r', stage: 'done', percent: 100 }))).toBe(true);
    expect(needsSnapshot(onProgress(undefined, { replayId: 'r', stage: 'failed', percent: 0 }))).toBe(true);
    expect(needsSnapshot(onFailed({ replayId: 'r', reason: 'Corrupt network stream' }))).toBe(false);
    expect(needsSnapshot(undefined)).toBe(true);
  });

  it('maps every stored status from a snapshot', () => {
    const base = { replayId: 'r1', stage: 'queued' as const, error: null, scoreboard: null };
    expect(fromSnapshot({ ...base, status: 'queued' })).toMatchObject({
      phase: 'processing',
      stage: 'queued',
    });
    expect(fromSnapshot({ ...base, status: 'processing', stage: 'analysing' })).toMatchObject({
      phase: 'processing',
      stage: 'analysing',
    });
    expect(fromSnapshot({ ...base, status: 'analysed', scoreboard: board })).toMatchObject({
      phase: 'finished',
      status: 'analysed',
      scoreboard: board,
    });
    expect(fromSnapshot({ ...base, status: 'partial', error: 'stream cut' })).toMatchObject({
      phase: 'finished',
      status: 'partial',
      note: 'stream cut',
    });
    expect(fromSnapshot({ ...base, status: 'failed', error: 'bad file' })).toEqual({
      phase: 'failed',
      reason: 'bad file',
    });
    expect(fromSnapshot({ ...base, status: 'failed' })).toEqual({
      phase: 'failed',
      reason: 'Processing failed.',
    });
  });

  it('never lets a snapshot read earlier move a replay backwards', () => {
    const saving = onProgress(undefined, { replayId: 'r', stage: 'saving', percent: 0 });
    const staleQueued = fromSnapshot({
      replayId: 'r',
      status: 'queued',
      stage: 'queued',
      error: null,
      scoreboard: null,
    });
    expect(mergeSnapshot(saving, staleQueued)).toBe(saving);
    const settling = onProgress(saving, { replayId: 'r', stage: 'done', percent: 100 });
    const staleParsing = fromSnapshot({
      replayId: 'r',
      status: 'processing',
      stage: 'parsing',
      error: null,
      scoreboard: null,
    });
    expect(mergeSnapshot(settling, staleParsing)).toBe(settling);
    const finished = fromSnapshot({
      replayId: 'r',
      status: 'analysed',
      stage: 'done',
      error: null,
      scoreboard: board,
    });
    expect(mergeSnapshot(settling, finished)).toBe(finished);
    expect(mergeSnapshot(undefined, staleQueued)).toBe(staleQueued);
    const failedNoReason = onProgress(undefined, { replayId: 'r', stage: 'failed', percent: 0 });
    const failed = fromSnapshot({
      replayId: 'r',
      status: 'failed',
      stage: 'failed',
      error: 'Corrupt',
      scoreboard: null,
    });
    expect(mergeSnapshot(failedNoReason, failed)).toBe(failed);
  });
});
