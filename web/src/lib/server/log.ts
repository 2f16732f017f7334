/** The web server's logger (the shared pino logger, on stderr), at the configured LOG_LEVEL. */
import { createLogger, type Log } from '@rlcoach/db/logging/logger';
import { webConfig } from './env';

let log: Log | undefined;

export function serverLog(): Log {
  log ??= createLogger('web', { level: webConfig().logLevel, destination: 2 });
  return log;
}
