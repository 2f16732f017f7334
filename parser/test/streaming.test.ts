// Streaming visitor, progress reporting and keyframe re-sync after mid-stream corruption.
import { describe, expect, it } from 'vitest';
import { parseReplay, type Frame } from '../src/index.js';
import { corpusAvailable, oracle, readReplay } from './helpers/corpus.js';

const FILE = 'good/3381.replay';

describe.skipIf(!corpusAvailable)('streaming and progress', () => {
  const expected = oracle().find((e) => e.file === FILE)!;

  it('the visitor sees every frame in order with the live actor map, and frames are not retained', () => {
    let count = 0;
    let lastIndex = -1;
    let updates = 0;
    let ballUpdates = 0;
    let outOfOrder = 0;
    let unknownActors = 0;
    const result = parseReplay(readReplay(FILE), {
      visitor: {
        onFrame(frame: Frame, actors) {
          if (frame.index !== lastIndex + 1) outOfOrder++;
          lastIndex = frame.index;
          count++;
          updates += frame.updatedActors.length;
          for (const u of frame.updatedActors) {
            const obj = actors.objectIdOf(u.actorId);
            if (obj === undefined) unknownActors++;
            if (u.value.kind === 'RigidBody' && actors.objects[obj!]!.includes('Ball')) ballUpdates++;
          }
        },
      },
    });
    expect(count).toBe(expected.frames);
    expect(updates).toBe(expected.updated_attributes);
    expect(ballUpdates).toBeGreaterThan(0);
    expect(outOfOrder).toBe(0);
    expect(unknownActors).toBe(0);
    expect(result.frames).toHaveLength(0);
    expect(result.network).toMatchObject({
      status: 'complete',
      framesDecoded: expected.frames,
      framesTotal: expected.frames,
    });
  });

  it('onProgress is called at most ~100 times, increasing, ending at 1', () => {
    const calls: number[] = [];
    parseReplay(readReplay(FILE), { onProgress: (f) => calls.push(f), visitor: { onFrame() {} } });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(102);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!).toBeGreaterThanOrEqual(calls[i - 1]!);
    expect(calls.at(-1)).toBe(1);
  });

  it('network "never" returns the header and content tables only', () => {
    const r = parseReplay(readReplay(FILE), { network: 'never' });
    expect(r.network.status).toBe('skipped');
    expect(r.frames).toHaveLength(0);
    expect(r.body.objects.length).toBeGreaterThan(0);
    expect(r.body.keyframes.length).toBeGreaterThan(0);
  });

  it('crc "always" accepts an intact file', () => {
    expect(parseReplay(readReplay(FILE), { crc: 'always', network: 'never' }).network.status).toBe('skipped');
  });
});

describe.skipIf(!corpusAvailable)('keyframe re-sync after corruption', () => {
  const expected = oracle().find((e) => e.file === FILE)!;

  function corrupted(): Uint8Array {
    const bytes = readReplay(FILE);
    const r = parseReplay(bytes, { network: 'never' });
    // Overwrite 256 bytes at 40 % of the network stream.
    const at = r.body.networkOffset + Math.floor(r.body.networkSize * 0.4);
    bytes.fill(0xff, at, at + 256);
    return bytes;
  }

  it('resumes at the next valid keyframe, keeps the frames before and after, and reports what was lost', () => {
    const r = parseReplay(corrupted());
    expect(r.network.status).toBe('partial');
    const errors = r.network.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.resumedAtFrame).not.toBeNull();
    expect(errors[0]!.resumedAtFrame!).toBeGreaterThan(errors[0]!.frame!);
    expect(r.network.recoveredFraction).toBeGreaterThan(0.9);
    expect(r.network.recoveredFraction).toBeLessThan(1);
    expect(r.frames.at(-1)!.time).toBe(expected.last_time);
    expect(r.frames.at(-1)!.index).toBe(expected.frames! - 1);
    // the CRC check explains the failure as corruption
    expect(r.network.diagnostics.some((d) => d.code === 'CRC_MISMATCH')).toBe(true);
  });

  it('with network "ignoreOnError" it stops at the first error and keeps the frames before it', () => {
    const r = parseReplay(corrupted(), { network: 'ignoreOnError' });
    expect(r.network.status).toBe('partial');
    const first = r.network.diagnostics.find((d) => d.severity === 'error')!;
    expect(first.resumedAtFrame).toBeNull();
    expect(r.frames.length).toBe(first.frame);
    expect(r.network.recoveredFraction).toBeGreaterThan(0.3);
    expect(r.network.recoveredFraction).toBeLessThan(0.5);
  });
});

describe.skipIf(!corpusAvailable)('caller callbacks', () => {
  it("an exception thrown by the caller's visitor or onProgress reaches the caller unchanged", () => {
    const boom = new TypeError('visitor bug');
    expect(() =>
      parseReplay(readReplay('good/small-frames.replay'), {
        visitor: {
          onFrame() {
            throw boom;
          },
        },
      }),
    ).toThrow(boom);
    expect(() =>
      parseReplay(readReplay('good/small-frames.replay'), {
        onProgress() {
          throw boom;
        },
      }),
    ).toThrow(boom);
  });
});
