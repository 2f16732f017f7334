/** Entry point: env → ORM, queue, Redis → HTTP + Socket.IO → clean stop on SIGINT/SIGTERM. */
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { connectPlatform } from './platform.js';
import { serveRealtime, stopOnSignals } from './server.js';

const log = createLogger('realtime');

async function main(): Promise<void> {
  const config = loadConfig();
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
    },
    platform.release,
    log,
  );
  stopOnSignals(running.stop, log);
  log.info('listening', {
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
