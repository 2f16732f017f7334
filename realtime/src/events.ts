/**
 * Socket.IO event maps and room names. The single declaration lives in the worker
 * (`@rlcoach/worker/status-events`), which emits them; this module keeps realtime's public names.
 */
export * from '@rlcoach/worker/status-events';
