import { describe, expect, it } from 'vitest';
import { asReplayError, ReplayError } from '../../src/errors.js';

describe('ReplayError', () => {
  it('carries a code, offsets and names, and serialises them', () => {
    const e = new ReplayError('UNKNOWN_ATTRIBUTE', 'attribute X is unknown', {
      offset: 1234,
      offsetUnit: 'bit',
      section: 'network',
      frame: 7,
      actorId: 3,
      streamId: 41,
      attributeName: 'TAGame.Car_TA:Future',
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ReplayError');
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'ReplayError',
      code: 'UNKNOWN_ATTRIBUTE',
      message: 'attribute X is unknown',
      offset: 1234,
      offsetUnit: 'bit',
      section: 'network',
      frame: 7,
      actorId: 3,
      streamId: 41,
      attributeName: 'TAGame.Car_TA:Future',
    });
  });

  it('wraps untyped exceptions with the fallback code and keeps the cause', () => {
    const cause = new RangeError('Offset is outside the bounds of the DataView');
    const e = asReplayError(cause, 'CORRUPT_BODY', { section: 'content' });
    expect(e).toBeInstanceOf(ReplayError);
    expect(e.code).toBe('CORRUPT_BODY');
    expect(e.cause).toBe(cause);
    expect(e.message).toContain('Offset is outside');
  });

  it('keeps an existing ReplayError code and adds missing context', () => {
    const inner = new ReplayError('TRUNCATED', 'need 4 bytes', { offset: 10, offsetUnit: 'byte' });
    const e = asReplayError(inner, 'CORRUPT_HEADER', { section: 'header', frame: 2 });
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(10);
    expect(e.section).toBe('header');
  });
});
