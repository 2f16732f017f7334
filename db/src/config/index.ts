/** One configuration module: a zod schema per process, built from shared pieces, validated at boot. */
export { ConfigError, type Env } from './env-schema.js';
export { DEV_AUTH_SECRET, DEV_DATABASE_URL, DEV_SESSION_SECRET, runMode, type RunMode } from './dev-mode.js';
export { DEFAULT_STORAGE_DIR, LOG_LEVELS, type LogLevel, type StorageConfig } from './pieces.js';
export { readDbEnv, type DbEnv } from './database.js';
export { loadWorkerConfig, type WorkerConfig } from './worker.js';
export { loadRealtimeConfig, type RealtimeConfig } from './realtime.js';
export { loadWebConfig, type WebConfig } from './web.js';
export { type BillingConfig } from './billing.js';
