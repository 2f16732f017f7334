/**
 * createRealtime: the testable factory. One Express app (health, uploads) and one
 * Socket.IO server on the given HTTP server, joined to every other node through
 * the Redis adapter. Concrete database/queue implementations come in via `deps`.
 */
import type { Server as HttpServer } from 'node:http';
import express, { type Express } from 'express';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { connectAddressRateLimit, connectUserRateLimit, socketAuth } from './auth/socket-auth.js';
import type { AuthPolicy } from './auth/verify.js';
import { guardSocketCommands } from './handlers/guard.js';
import { rooms } from '@rlcoach/db/contracts/socket-events';
import { registerReplayStatus } from './handlers/replay-status.js';
import { registerCoach } from './handlers/coach.js';
import { AppError, ErrorCode } from './errors.js';
import { ROOM_BUDGETS, THROTTLED_ROOM_EVENTS, registerRoomHandlers } from './handlers/rooms.js';
import { RoomPlaybackStore } from '@rlcoach/db/rooms/playback-store';
import { cors } from './http/cors.js';
import { errorHandler, notFound } from './http/errors.js';
import { CheckFailure, healthRouter } from './http/health.js';
import { addEngineSecurityHeaders, securityHeaders } from './http/security-headers.js';
import { silentLog } from '@rlcoach/db/logging/logger';
import { requestId } from './http/request-id.js';
import { httpMetrics, observabilityRouter } from './http/observability.js';
import { bullBoard } from './ops/bull-board.js';
import { operatorSessionRouter, type OperatorAuthDeps } from './ops/operator-auth.js';
import { registerOpsRoom, startOpsSampler } from './ops/ops-room.js';
import { startPresence } from './ops/presence.js';
import { instrumentSocket } from './ops/socket-metrics.js';
import { Queue } from 'bullmq';
import { QueueName } from '@rlcoach/db/contracts/jobs';
import type { OpsCollector } from '@rlcoach/db/ops/snapshot';
import type { Probe } from '@rlcoach/db/observability/probes';
import type {
  CoachDesk,
  HealthCheck,
  Logger,
  QueueGauge,
  ReplayStatusReader,
  RoleLookup,
  RoomDirectory,
  SessionLookup,
  UploadIngestor,
} from './ports.js';
import { RateLimiter } from '@rlcoach/db';
import type { RealtimeServer } from './socket-types.js';
import { defaultRequestCeiling } from './uploads/receive.js';
import { uploadRouter } from './uploads/route.js';

export interface RealtimeDeps {
  /** Publishing client for the adapter (caller owns it); a duplicate is made here for subscribing. */
  redis: Redis;
  ingestor: UploadIngestor;
  queue: QueueGauge;
  replays: ReplayStatusReader;
  /** The coach's commands (coach/desk.ts); absent = the coach is not configured on this node. */
  coach?: CoachDesk;
  /** Database sessions: every token that names one is checked against it (connect, reconnect, upload, command). */
  sessions?: SessionLookup;
  /** Rate limiter; defaults to one on `redis` under options.rateLimitPrefix. */
  limiter?: RateLimiter;
  /** Review rooms in Postgres; without it `room:*` commands are not served (upload-only test nodes). */
  rooms?: RoomDirectory;
  /** Extra /healthz checks such as the database and storage; redis and queue are always checked. */
  healthChecks?: Record<string, HealthCheck>;
  /** `/readyz` probes besides Redis (platform.ts adds Postgres). */
  readyProbes?: Record<string, Probe>;
  /** Users' current roles: who may operate (bull-board, the ops room). Absent: nobody may. */
  roles?: RoleLookup;
  /** Samples the ops page's figures (db/ops/snapshot); absent: `ops:watch` says sampling is off. */
  opsCollector?: OpsCollector;
  log?: Logger;
}

export interface RealtimeOptions {
  sessionSecret: string;
  /** Refuse tokens that name no database session (see auth/verify.ts). */
  requireSession: boolean;
  /** Redis key namespace of the rate limiter (shared by all nodes of a deployment). */
  rateLimitPrefix?: string;
  /** Proxies of ours in front of this server (TRUSTED_PROXY_HOPS, default 0: the socket peer is the client). */
  trustedProxyHops?: number;
  webOrigins: string[];
  /** Must equal the worker emitter's key, or its events never reach our sockets. */
  socketIoKey: string;
  uploadTmpDir: string;
  uploadMaxFiles: number;
  uploadMaxBytes: number;
  uploadMaxRequestBytes?: number;
  queueMaxDepth: number;
  retryAfterSeconds?: number;
  /** BullMQ key prefix: bull-board, BullMQ's metrics and node announcements (default `rlcoach`). */
  bullmqPrefix?: string;
  /** Bearer token for `/metrics` (METRICS_TOKEN); without it only loopback peers may scrape. */
  metricsToken?: string;
  /** How often the ops room is sampled while an admin watches (default 2000 ms). */
  opsSampleMs?: number;
  /** How often this node announces its socket count (default 5000 ms). */
  presenceMs?: number;
  /** Redis key namespace of the review rooms' playback state (shared by all nodes); default the Socket.IO key. */
  roomStatePrefix?: string;
}

export interface Realtime {
  app: Express;
  io: RealtimeServer;
  /** Resolves once the adapter's subscriber is connected (emits from other nodes will arrive). */
  ready(): Promise<void>;
  /** Disconnects sockets, closes the HTTP server and the subscriber client; the caller's `redis` stays open. */
  close(): Promise<void>;
}

const notConfigured = () => Promise.reject(new AppError(ErrorCode.CoachNotConfigured));
const NO_COACH: CoachDesk = { ask: notConfigured, stop: notConfigured, resume: notConfigured };

export function createRealtime(
  httpServer: HttpServer,
  deps: RealtimeDeps,
  options: RealtimeOptions,
): Realtime {
  const log = deps.log ?? silentLog;
  if (options.requireSession && !deps.sessions)
    throw new TypeError('createRealtime: requireSession needs deps.sessions to look sessions up');
  const auth: AuthPolicy = {
    secret: options.sessionSecret,
    requireSession: options.requireSession,
    ...(deps.sessions ? { sessions: deps.sessions } : {}),
  };
  const limiter =
    deps.limiter ?? new RateLimiter(deps.redis, { prefix: options.rateLimitPrefix ?? 'rlcoach' });
  const trustedProxyHops = options.trustedProxyHops ?? 0;
  const bullmqPrefix = options.bullmqPrefix ?? 'rlcoach';
  const operatorAuth: OperatorAuthDeps = {
    auth,
    ...(deps.roles ? { roles: deps.roles } : {}),
    secureCookie: options.webOrigins.every((o) => o.startsWith('https:')),
  };
  const metricQueues = Object.values(QueueName).map(
    (name) => new Queue(name, { connection: deps.redis, prefix: bullmqPrefix }),
  );
  const board = bullBoard(deps.redis, bullmqPrefix, operatorAuth);
  const playback = new RoomPlaybackStore(deps.redis, {
    prefix: options.roomStatePrefix ?? options.socketIoKey,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics);
  app.use(securityHeaders());
  app.use(requestId);
  app.use(
    observabilityRouter({
      probes: {
        redis: async () => {
          await deps.redis.ping();
        },
        ...deps.readyProbes,
      },
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      queues: metricQueues,
    }),
  );
  // Operator routes: same-origin pages, not the browser API, so before CORS.
  app.use(operatorSessionRouter(operatorAuth));
  app.use(board.router);
  app.use(cors(options.webOrigins));
  app.use(
    healthRouter({
      redis: async () => {
        await deps.redis.ping();
      },
      queue: async () => {
        const depth = await deps.queue.depth();
        const details = { depth, maxDepth: options.queueMaxDepth };
        if (depth > options.queueMaxDepth) throw new CheckFailure('queue is over its maximum depth', details);
        return details;
      },
      ...deps.healthChecks,
    }),
  );
  app.use(
    uploadRouter(
      { ingestor: deps.ingestor, queue: deps.queue, limiter, log },
      {
        auth,
        tmpDir: options.uploadTmpDir,
        limits: {
          maxFiles: options.uploadMaxFiles,
          maxBytesPerFile: options.uploadMaxBytes,
          maxRequestBytes:
            options.uploadMaxRequestBytes ??
            defaultRequestCeiling(options.uploadMaxFiles, options.uploadMaxBytes),
        },
        queueMaxDepth: options.queueMaxDepth,
        retryAfterSeconds: options.retryAfterSeconds ?? 120,
        trustedProxyHops,
      },
    ),
  );
  app.use(notFound);
  app.use(errorHandler(log));
  httpServer.on('request', app);

  const sub = deps.redis.duplicate();
  sub.on('error', (err) => log.error('redis subscriber error', { err }));
  const io: RealtimeServer = new Server(httpServer, {
    cors: { origin: options.webOrigins, credentials: true },
    // Client → server commands are tiny; uploads go over HTTP.
    maxHttpBufferSize: 64 * 1024,
    adapter: createAdapter(deps.redis, sub, { key: options.socketIoKey }),
  });
  io.engine.on('initial_headers', addEngineSecurityHeaders);
  io.engine.on('headers', addEngineSecurityHeaders);
  // Flood guard per address first (cheap), then the token, then the budget of the user it names.
  io.use(connectAddressRateLimit(limiter, trustedProxyHops));
  io.use(socketAuth(auth));
  io.use(connectUserRateLimit(limiter));
  const opsDeps = {
    ...(deps.opsCollector ? { collector: deps.opsCollector } : {}),
    ...(deps.roles ? { roles: deps.roles } : {}),
    log,
  };
  io.on('connection', (socket) => {
    instrumentSocket(socket);
    // Before any handler: every command re-checks the session and spends the user's rate budget.
    guardSocketCommands(socket, {
      auth,
      limiter,
      log,
      throttledElsewhere: THROTTLED_ROOM_EVENTS,
      budgets: ROOM_BUDGETS,
    });
    // The only room a socket joins is its own user's; nothing the client sends changes that.
    void socket.join(rooms.user(socket.data.userId));
    registerReplayStatus(socket, { replays: deps.replays, log });
    registerOpsRoom(socket, opsDeps);
    registerCoach(socket, { coach: deps.coach ?? NO_COACH, log });
    // Review rooms: a socket joins `room:<id>` only through an authorized `room:join`.
    if (deps.rooms)
      registerRoomHandlers(socket, {
        io,
        directory: deps.rooms,
        playback,
        inviteSecret: options.sessionSecret,
        log,
      });
    socket.on('error', (err) =>
      log.warn('socket error', { err, socketId: socket.id, userId: socket.data.userId }),
    );
  });

  const stopSampler = startOpsSampler(io, opsDeps, options.opsSampleMs ?? 2000);
  const presence = startPresence(io, deps.redis, bullmqPrefix, log, options.presenceMs);

  return {
    app,
    io,
    async ready() {
      if (sub.status !== 'ready')
        await new Promise<void>((resolve, reject) => {
          sub.once('ready', resolve);
          sub.once('end', () => reject(new Error('redis subscriber closed before it was ready')));
        });
      // A round trip on the subscriber proves the adapter's (p)subscribe calls were processed.
      await sub.call('PING');
    },
    async close() {
      stopSampler();
      await presence.stop();
      // The hint: clients reconnect (to another node behind the proxy, or to this one restarted) after a jittered wait.
      io.local.emit('server:shutdown', { reconnectAfterMs: 1000 });
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await Promise.all([board.close(), ...metricQueues.map((q) => q.close())]).catch(() => undefined);
      await deps.opsCollector?.close().catch(() => undefined);
      sub.disconnect();
    },
  };
}
