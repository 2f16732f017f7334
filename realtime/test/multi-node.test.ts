/**
 * Several realtime nodes act as one through the Redis adapter: an emit made on
 * node B reaches a client connected to node A, per user room, and nowhere else.
 * (The full pipeline with worker processes is in pipeline.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { rooms, type ReplayProgress } from '@rlcoach/db/contracts/socket-events';
import {
  TEST_SECRET,
  client,
  connected,
  fixedDepth,
  startNode,
  uniqueKey,
  unreachable,
  type TestNode,
} from './support/node.js';

const ALICE = '55555555-5555-4555-8555-555555555555';
const BOB = '66666666-6666-4666-8666-666666666666';

let a: TestNode;
let b: TestNode;
let other: TestNode;

beforeAll(async () => {
  const key = uniqueKey('multi');
  [a, b] = await Promise.all([
    startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: key }),
    startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: key }),
  ]);
  // Same Redis, different key: a separate deployment that must hear nothing.
  other = await startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: uniqueKey('other') });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), other?.close()]);
});

describe('two nodes on one Redis key', () => {
  it('routes an emit from node B to the user’s socket on node A, and not to another user', async () => {
    const alice = await connected(client(a.url, signSessionToken(TEST_SECRET, ALICE)));
    const bob = await connected(client(a.url, signSessionToken(TEST_SECRET, BOB)));
    const aliceElsewhere = await connected(client(other.url, signSessionToken(TEST_SECRET, ALICE)));
    try {
      const strays: unknown[] = [];
      bob.onAny((...args) => strays.push(args));
      aliceElsewhere.onAny((...args) => strays.push(args));

      // Node B sees node A's sockets through the adapter.
      const remote = await b.realtime.io.in(rooms.user(ALICE)).fetchSockets();
      expect(remote.map((s) => s.data.userId)).toEqual([ALICE]);

      const progress: ReplayProgress = {
        replayId: '77777777-7777-4777-8777-777777777777',
        stage: 'analysing',
        percent: 50,
      };
      const got = new Promise<ReplayProgress>((resolve) => alice.once('replay:progress', resolve));
      b.realtime.io.to(rooms.user(ALICE)).emit('replay:progress', progress);
      expect(await got).toEqual(progress);

      // Marker to Bob through node B then to Alice-elsewhere through `other`: after both, any stray would have landed.
      const bobMarker = new Promise((resolve) => bob.once('replay:failed', resolve));
      b.realtime.io.to(rooms.user(BOB)).emit('replay:failed', { replayId: 'marker', reason: 'marker' });
      await bobMarker;
      const elsewhereMarker = new Promise((resolve) => aliceElsewhere.once('replay:failed', resolve));
      other.realtime.io.to(rooms.user(ALICE)).emit('replay:failed', { replayId: 'marker', reason: 'marker' });
      await elsewhereMarker;
      expect(strays).toEqual([
        ['replay:failed', { replayId: 'marker', reason: 'marker' }],
        ['replay:failed', { replayId: 'marker', reason: 'marker' }],
      ]);
    } finally {
      alice.disconnect();
      bob.disconnect();
      aliceElsewhere.disconnect();
    }
  });
});
