/** The shared logger: JSON lines with the service, level and message, and the context ids on every line. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, withLogContext } from '../src/logging/index.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON line per event: service, level label, ISO time, message and fields', () => {
    const { lines, stream } = capture();
    const log = createLogger('worker', { destination: stream });
    log.info('job completed', { jobId: 'j1', name: 'replay.process' });
    log.error('failed', { err: new Error('boom') });
    log.debug('hidden at the default level');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      service: 'worker',
      level: 'info',
      msg: 'job completed',
      jobId: 'j1',
      name: 'replay.process',
    });
    expect(new Date(String(lines[0]!.time)).toISOString()).toBe(lines[0]!.time);
    expect(lines[1]).toMatchObject({ level: 'error', err: { type: 'Error', message: 'boom' } });
  });

  it('puts the request, socket or job id of the current context on every line, across awaits', async () => {
    const { lines, stream } = capture();
    const log = createLogger('realtime', { destination: stream });
    await Promise.all([
      withLogContext({ requestId: 'r-1' }, async () => {
        await new Promise((r) => setTimeout(r, 5));
        log.info('first');
        await withLogContext({ socketId: 's-9' }, async () => {
          await Promise.resolve();
          log.warn('nested');
        });
      }),
      withLogContext({ requestId: 'r-2' }, async () => {
        log.info('second');
      }),
    ]);
    log.info('outside');
    const by = (msg: string) => lines.find((l) => l.msg === msg);
    expect(by('first')).toMatchObject({ requestId: 'r-1' });
    expect(by('nested')).toMatchObject({ requestId: 'r-1', socketId: 's-9' });
    expect(by('second')).toMatchObject({ requestId: 'r-2' });
    expect(by('outside')).not.toHaveProperty('requestId');
  });

  it('binds fields on a child and respects the level', () => {
    const { lines, stream } = capture();
    const log = createLogger('web', { destination: stream, level: 'warn' });
    log.info('dropped');
    log.child({ jobId: 'j7' }).warn('kept');
    expect(lines).toEqual([expect.objectContaining({ msg: 'kept', jobId: 'j7', service: 'web' })]);
  });
});
