/**
 * Every realtime HTTP response carries the security headers: health, a 404, an
 * upload refused for want of a token, a CORS preflight and Socket.IO's own
 * long-polling handshake (answered by engine.io, not Express).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDepth, startNode, uniqueKey, unreachable, type TestNode } from './support/node.js';

let node: TestNode;
beforeAll(async () => {
  node = await startNode({ ...unreachable, queue: fixedDepth(0) }, { socketIoKey: uniqueKey('headers') });
});
afterAll(async () => node?.close());

function expectSecured(res: Response, what: string): void {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('referrer-policy'), what).toMatch(/^(no-referrer|strict-origin-when-cross-origin)$/);
  expect(res.headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
  expect(res.headers.get('x-powered-by'), what).toBeNull();
}

describe('realtime security headers', () => {
  it.each([
    ['GET /healthz', '/healthz', { method: 'GET' }],
    ['GET /nowhere (404)', '/nowhere', { method: 'GET' }],
    ['POST /api/uploads without a token (401)', '/api/uploads', { method: 'POST' }],
    [
      'OPTIONS /api/uploads (preflight)',
      '/api/uploads',
      {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
      },
    ],
    ['GET /socket.io/ polling handshake', '/socket.io/?EIO=4&transport=polling', { method: 'GET' }],
  ] as const)('%s', async (what, path, init) => {
    const res = await fetch(`${node.url}${path}`, init as RequestInit);
    await res.arrayBuffer();
    expectSecured(res, what);
  });
});
