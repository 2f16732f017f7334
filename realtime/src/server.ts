/**
 * Process lifecycle around createRealtime: listen on the configured port, and on
 * SIGINT/SIGTERM stop taking connections, close sockets, then release the
 * platform (ORM, queue, Redis) in the order given. A second signal forces exit.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRealtime, type Realtime, type RealtimeDeps, type RealtimeOptions } from './app.js';
import type { Logger } from './ports.js';

export interface RunningRealtime {
  realtime: Realtime;
  port: number;
  /** Closes the server, then runs the platform's own clean-up. Idempotent. */
  stop(): Promise<void>;
}

export async function serveRealtime(
  port: number,
  deps: RealtimeDeps,
  options: RealtimeOptions,
  releasePlatform: () => Promise<void>,
  log: Logger,
  /** Interface to bind; undefined = every interface (containers), `npm start` passes 127.0.0.1. */
  host?: string,
): Promise<RunningRealtime> {
  const server = createServer();
  // Slow uploads on bad links are normal; headers must still arrive promptly.
  server.requestTimeout = 10 * 60_000;
  server.headersTimeout = 30_000;
  const realtime = createRealtime(server, deps, options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await realtime.ready();
  const bound = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('stopping');
      await realtime.close();
      await releasePlatform();
      log.info('stopped');
    })());
  return { realtime, port: bound, stop };
}

/** Wire SIGINT/SIGTERM to `stop`; exit 0 when clean, 1 when clean-up failed or a second signal arrives. */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    signalled = true;
    log.info('signal received', { signal });
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('clean shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
