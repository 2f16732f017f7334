/** Entry point: env → ORM, queue, Redis → HTTP + Socket.IO → clean stop on SIGINT/SIGTERM. */
import { loadRealtimeConfig } from '@rlcoach/db/config/realtime';
import { createLogger } from '@rlcoach/db/logging/logger';
import { startMetrics } from '@rlcoach/db/observability/metrics';
import { connectPlatform } from './platform.js';
import { serveRealtime, stopOnSignals } from './server.js';

// Level from LOG_LEVEL once the configuration is read; a configuration error is still logged.
let log = createLogger('realtime', { destination: 2 });

async function main(): Promise<void> {
  const config = loadRealtimeConfig();
  log = createLogger('realtime', { destination: 2, level: config.logLevel });
  startMetrics('realtime');
  const platform = await connectPlatform(config, log);
  const running = await serveRealtime(
    config.port,
    platform.deps,
    {
      sessionSecret: config.sessionSecret,
      requireSession: config.requireSession,
      rateLimitPrefix: config.rateLimitPrefix,
      trustedProxyHops: config.trustedProxyHops,
      webOrigins: config.webOrigins,
      socketIoKey: config.socketIoKey,
      uploadTmpDir: config.uploadTmpDir,
      uploadMaxFiles: config.uploadMaxFiles,
      uploadMaxBytes: config.uploadMaxBytes,
      queueMaxDepth: config.queueMaxDepth,
      bullmqPrefix: config.bullmqPrefix,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      opsSampleMs: config.opsSampleMs,
    },
    platform.release,
    log,
    config.host,
  );
  stopOnSignals(running.stop, log);
  log.info('listening', {
    host: config.host ?? '*',
    port: running.port,
    webOrigins: config.webOrigins,
    socketIoKey: config.socketIoKey,
    bullmqPrefix: config.bullmqPrefix,
    trustedProxyHops: config.trustedProxyHops,
  });
}

main().catch((err: unknown) => {
  log.error('failed to start', { err });
  process.exit(1);
});
