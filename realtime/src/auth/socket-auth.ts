/**
 * io.use middleware: verify our token from `handshake.auth.token`, keep the
 * identity on socket.data. A refused handshake reaches the client as
 * `connect_error` with `err.message` readable and `err.data.code` machine-readable.
 */
import type { Socket } from 'socket.io';
import { toSafeError } from '../errors.js';
import { authenticate } from './verify.js';

export interface ConnectErrorData {
  code: string;
}

export function socketAuth(secret: string) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    const token =
      typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
    try {
      socket.data.userId = authenticate(secret, token).userId;
      next();
    } catch (err) {
      const { error } = toSafeError(err);
      const refusal = new Error(error.message) as Error & { data: ConnectErrorData };
      refusal.data = { code: error.code };
      next(refusal);
    }
  };
}
