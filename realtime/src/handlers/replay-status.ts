/** `replay:status`: the caller's own replays only; a malformed payload gets BAD_REQUEST, never a crash. */
import type { Ack, ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import { ErrorCode, defaultMessage } from '../errors.js';
import type { Logger, ReplayStatusReader } from '../ports.js';
import type { RealtimeSocket } from '../socket-types.js';

const MAX_IDS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseStatusRequest(payload: unknown): string[] | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const ids = (payload as { replayIds?: unknown }).replayIds;
  if (!Array.isArray(ids) || ids.length > MAX_IDS) return null;
  if (!ids.every((id): id is string => typeof id === 'string' && UUID.test(id))) return null;
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

export function registerReplayStatus(
  socket: RealtimeSocket,
  deps: { replays: ReplayStatusReader; log: Logger },
): void {
  socket.on('replay:status', async (payload: unknown, ack: unknown) => {
    // A client may omit the acknowledgement; there is then nobody to answer.
    if (typeof ack !== 'function') return;
    const reply = ack as (r: Ack<ReplayStatusSnapshot[]>) => void;
    const ids = parseStatusRequest(payload);
    if (!ids) {
      return reply({
        ok: false,
        error: {
          code: ErrorCode.BadRequest,
          message: `Expected { replayIds: uuid[] } with at most ${MAX_IDS} ids.`,
        },
      });
    }
    try {
      reply({
        ok: true,
        data: ids.length === 0 ? [] : await deps.replays.statusFor(socket.data.userId, ids),
      });
    } catch (err) {
      deps.log.error('replay:status failed', { err, userId: socket.data.userId });
      reply({ ok: false, error: { code: ErrorCode.Internal, message: defaultMessage(ErrorCode.Internal) } });
    }
  });
}
