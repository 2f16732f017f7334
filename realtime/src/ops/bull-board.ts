/**
 * bull-board, the BullMQ monitor, at `/admin/queues` for operators only (operator-auth.ts): every
 * queue of db's contract, with retry, promote and clean. Its UI needs its own scripts and inline
 * styles, so this path gets a CSP of its own instead of realtime's JSON-only one.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { Router, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { QueueName } from '@rlcoach/db/contracts/jobs';
import { requireOperator, type OperatorAuthDeps } from './operator-auth.js';

export const BULL_BOARD_PATH = '/admin/queues';

const BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const boardHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', BOARD_CSP);
  next();
};

export interface BullBoard {
  router: Router;
  close(): Promise<void>;
}

export function bullBoard(redis: Redis, bullmqPrefix: string, auth: OperatorAuthDeps): BullBoard {
  const queues = Object.values(QueueName).map(
    (name) => new Queue(name, { connection: redis, prefix: bullmqPrefix }),
  );
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'rlcoach queues' } },
  });
  const router = Router();
  router.use(BULL_BOARD_PATH, requireOperator(auth), boardHeaders, adapter.getRouter() as RequestHandler);
  return {
    router,
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
