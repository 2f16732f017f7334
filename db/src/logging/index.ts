export {
  createLogger,
  currentLogContext,
  silentLog,
  withLogContext,
  type Log,
  type LogFields,
  type LoggerOptions,
} from './logger.js';
