import { describe, expect, it } from 'vitest';
import { checkSize } from '../../src/lib/upload/check';
import { filePercents, interpret } from '../../src/lib/upload/send';
import { readPreview } from '../../src/lib/upload/preview';
import { rowView } from '../../src/lib/upload/row-view';
import { MAX_AUTO_RETRIES, retryDelayMs, shouldAutoRetry } from '../../src/lib/upload/auto-retry';

const limits = { maxFiles: 50, maxBytes: 10 * 1024 * 1024 };

describe('browser-side checks', () => {
  it('states the size limit in the refusal', () => {
    expect(checkSize({ size: 20 * 1024 * 1024 }, limits)).toEqual({
      code: 'FILE_TOO_LARGE',
      message: 'This file is 20 MB; the limit is 10 MB per file.',
    });
    expect(checkSize({ size: 0 }, limits)).toMatchObject({ code: 'EMPTY_FILE' });
    expect(checkSize({ size: 1000 }, limits)).toBeNull();
  });
});

describe('upload replies', () => {
  it('reads per-file outcomes even on a non-2xx batch status', () => {
    const body = {
      batchId: 'b',
      files: [
        {
          index: 0,
          fileName: 'a.replay',
          outcome: 'rejected',
          error: { code: 'CORRUPT_REPLAY', message: 'bad' },
        },
      ],
    };
    expect(interpret(422, JSON.stringify(body), null)).toMatchObject({
      ok: true,
      status: 422,
      files: body.files,
    });
  });

  it('turns batch errors into typed failures, with Retry-After in words', () => {
    const busy = interpret(
      503,
      JSON.stringify({ error: { code: 'QUEUE_BUSY', message: 'The server is busy.' } }),
      '30',
    );
    expect(busy).toEqual({
      ok: false,
      status: 503,
      code: 'QUEUE_BUSY',
      message: 'The server is busy. Try again in 30 s.',
      retryAfterSeconds: 30,
    });
    expect(interpret(401, '', null)).toMatchObject({ ok: false, code: 'HTTP_401' });
    expect(
      interpret(413, JSON.stringify({ error: { code: 'REQUEST_TOO_LARGE', message: 'Too big.' } }), null),
    ).toMatchObject({ code: 'REQUEST_TOO_LARGE', message: 'Too big.' });
  });

  it('splits body progress across files in send order', () => {
    expect(filePercents([100, 300], 0, 400)).toEqual([0, 0]);
    expect(filePercents([100, 300], 200, 400)).toEqual([100, 33]);
    expect(filePercents([100, 300], 400, 400)).toEqual([100, 100]);
  });
});

describe('row view', () => {
  it('labels every upload phase', () => {
    expect(rowView({ kind: 'checking' }, undefined).status).toBe('checking');
    expect(rowView({ kind: 'uploading', percent: 42 }, undefined)).toMatchObject({
      status: 'uploading',
      label: 'Uploading 42%',
      percent: 42,
    });
    expect(
      rowView({ kind: 'refused', code: 'FILE_TOO_LARGE', message: 'm', retryable: false }, undefined),
    ).toMatchObject({ status: 'refused', label: 'Too large', detail: 'm' });
    expect(rowView({ kind: 'accepted', replayId: 'r' }, undefined)).toMatchObject({ status: 'queued' });
  });

  it('follows the replay once stored, and flags duplicates', () => {
    expect(
      rowView({ kind: 'accepted', replayId: 'r' }, { phase: 'processing', stage: 'parsing', percent: 50 }),
    ).toMatchObject({ status: 'parsing', label: 'Parsing 50%' });
    expect(
      rowView({ kind: 'accepted', replayId: 'r' }, { phase: 'failed', reason: 'Corrupt stream' }),
    ).toMatchObject({ status: 'failed', detail: 'Corrupt stream', tone: 'bad' });
    const dup = rowView(
      { kind: 'duplicate', replayId: 'r' },
      { phase: 'finished', status: 'analysed', scoreboard: null, note: null },
    );
    expect(dup).toMatchObject({ status: 'done', duplicate: true });
    expect(dup.detail).toMatch(/Already in rlcoach/);
  });
});

describe('upload preview', () => {
  it('keeps only well-typed header fields', () => {
    expect(
      readPreview({
        mapName: 'Utopia Coliseum',
        mapCode: 'UtopiaStadium_P',
        playedAt: '2025-09-25T21:27:36.000Z',
        blueGoals: 5,
        orangeGoals: 2,
        players: [],
      }),
    ).toEqual({
      mapName: 'Utopia Coliseum',
      mapCode: 'UtopiaStadium_P',
      playedAt: '2025-09-25T21:27:36.000Z',
      blueGoals: 5,
      orangeGoals: 2,
    });
    expect(readPreview({ mapName: 42, blueGoals: -1, orangeGoals: 1.5 })).toBeNull();
    expect(readPreview(undefined)).toBeNull();
    expect(readPreview('x')).toBeNull();
  });
});

describe('automatic upload retries', () => {
  it('waits the server’s Retry-After plus up to 50 % jitter, else backs off exponentially to 30 s', () => {
    expect(retryDelayMs(1, 5, () => 0)).toBe(5000);
    expect(retryDelayMs(1, 5, () => 1)).toBe(7500);
    expect(retryDelayMs(1, null, () => 0)).toBe(1000);
    expect(retryDelayMs(3, null, () => 0)).toBe(4000);
    expect(retryDelayMs(20, null, () => 0)).toBe(30_000);
    // Jitter spreads a crowd: 100 clients told the same Retry-After do not come back together.
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(1, 10)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('retries only what the service could not take, and stops after the last automatic attempt', () => {
    for (const code of ['SERVICE_UNAVAILABLE', 'QUEUE_BUSY', 'NETWORK', 'NO_ANSWER'])
      expect(shouldAutoRetry(code, 0)).toBe(true);
    for (const code of ['CORRUPT_REPLAY', 'FILE_TOO_LARGE', 'INTERNAL', 'TOKEN_EXPIRED'])
      expect(shouldAutoRetry(code, 0)).toBe(false);
    expect(shouldAutoRetry('SERVICE_UNAVAILABLE', MAX_AUTO_RETRIES - 1)).toBe(true);
    expect(shouldAutoRetry('SERVICE_UNAVAILABLE', MAX_AUTO_RETRIES)).toBe(false);
  });
});
