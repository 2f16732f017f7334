export { createRealtime, type Realtime, type RealtimeDeps, type RealtimeOptions } from './app.js';
export { loadConfig, type RealtimeConfig, ConfigError } from './config.js';
export {
  signSessionToken,
  verifySessionToken,
  type SessionClaims,
  type SessionKind,
  type VerifyResult,
} from './auth/token.js';
export type * from './events.js';
export { rooms } from './events.js';
export type * from './ports.js';
export { ErrorCode } from './errors.js';
export type { UploadResponse, UploadFileResponse } from './uploads/route.js';
