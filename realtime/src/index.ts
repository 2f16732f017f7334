// Realtime is a process, not a library: these are its entry points for tests and benchmarks only.
// Contracts (socket events, session tokens) and configuration live in the shared layer (@rlcoach/db).
export { createRealtime, type Realtime, type RealtimeDeps, type RealtimeOptions } from './app.js';
export type * from './ports.js';
export { ErrorCode } from './errors.js';
export type { UploadResponse, UploadFileResponse } from './uploads/route.js';
