/** Client → server commands over a real socket: malformed payloads are refused by code, never crash the node. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { Ack, ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import {
  TEST_SECRET,
  client,
  connected,
  fixedDepth,
  startNode,
  uniqueKey,
  unreachable,
  type TestClient,
  type TestNode,
} from './support/node.js';

const USER = '88888888-8888-4888-8888-888888888888';
let node: TestNode;
let socket: TestClient;

beforeAll(async () => {
  node = await startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: uniqueKey('cmd') });
  socket = await connected(client(node.url, signSessionToken(TEST_SECRET, USER)));
});
afterAll(async () => {
  socket?.disconnect();
  await node?.close();
});

/** Send anything, bypassing the typed map, as a hostile client would. */
function raw(payload: unknown): Promise<Ack<ReplayStatusSnapshot[]>> {
  return (
    socket as unknown as {
      timeout(ms: number): { emitWithAck(ev: string, p: unknown): Promise<Ack<ReplayStatusSnapshot[]>> };
    }
  )
    .timeout(2000)
    .emitWithAck('replay:status', payload);
}

describe('replay:status validation', () => {
  it.each([
    ['nothing', undefined],
    ['a string', 'abc'],
    ['null', null],
    ['ids not an array', { replayIds: 'x' }],
    ['ids not uuids', { replayIds: ['../../etc/passwd'] }],
    ['ids of the wrong type', { replayIds: [1, 2] }],
    [
      'too many ids',
      { replayIds: Array.from({ length: 201 }, () => '99999999-9999-4999-8999-999999999999') },
    ],
  ])('answers BAD_REQUEST for %s', async (_label, payload) => {
    const ack = await raw(payload);
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  });

  it('answers an empty list without touching the database', async () => {
    expect(await raw({ replayIds: [] })).toEqual({ ok: true, data: [] });
  });

  it('hides data-layer failures behind INTERNAL', async () => {
    // `unreachable.replays` throws: the client must get a generic error, not the message.
    const ack = await raw({ replayIds: ['99999999-9999-4999-8999-999999999999'] });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.not.stringMatching(/must not be reached/) },
    });
  });

  it('survives a command sent without an acknowledgement, and an unknown event', async () => {
    const untyped = socket as unknown as { emit(ev: string, ...a: unknown[]): void };
    untyped.emit('replay:status', { replayIds: 'x' });
    untyped.emit('admin:drop-tables', {}, () => {});
    expect(await raw({ replayIds: [] })).toEqual({ ok: true, data: [] });
    expect(socket.connected).toBe(true);
  });
});
