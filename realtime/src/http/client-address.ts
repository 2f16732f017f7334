/**
 * The client address of an HTTP request or a Socket.IO handshake (whose `socket.request` is the
 * same node request), by the platform's one rule in @rlcoach/db. Express's `trust proxy` stays
 * off: nothing here reads `req.ip`, so there is no second rule to drift from this one.
 */
import type { IncomingMessage } from 'node:http';
import { clientAddress } from '@rlcoach/db';

export function requestClientAddress(req: IncomingMessage, trustedProxyHops: number): string {
  return clientAddress({
    socketAddress: req.socket?.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    trustedProxyHops,
  });
}
