export { createRealtime, type Realtime, type RealtimeDeps, type RealtimeOptions } from './app.js';
export { loadConfig, type RealtimeConfig, ConfigError } from './config.js';
export {
  signSessionToken,
  verifySessionToken,
  type SessionClaims,
  type SessionKind,
  type VerifyResult,
} from '@rlcoach/db/contracts/session-token';
export type * from '@rlcoach/db/contracts/socket-events';
export { rooms } from '@rlcoach/db/contracts/socket-events';
export type * from './ports.js';
export { ErrorCode } from './errors.js';
export type { UploadResponse, UploadFileResponse } from './uploads/route.js';
