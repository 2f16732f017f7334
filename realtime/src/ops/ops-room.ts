/**
 * The live ops page over Socket.IO. `ops:watch` joins the `ops` room only when the caller's current
 * role passes policy.canOperate (answered with a first snapshot); `ops:unwatch` leaves it. While
 * any local socket is in the room, the sampler sends `ops:snapshot` every interval and re-reads the
 * watchers' roles first, so a demoted admin stops receiving at the next tick.
 */
import { policy } from '@rlcoach/db/auth/policy';
import { rooms, type Ack } from '@rlcoach/db/contracts/socket-events';
import type { OpsSnapshot } from '@rlcoach/db/contracts/ops';
import type { OpsCollector } from '@rlcoach/db/ops/snapshot';
import { z } from 'zod';
import { actorOf } from '../auth/actor.js';
import { ErrorCode, defaultMessage } from '../errors.js';
import type { Logger, RoleLookup } from '../ports.js';
import type { RealtimeServer, RealtimeSocket } from '../socket-types.js';

const EmptyPayload = z.object({}).strict();

export interface OpsRoomDeps {
  collector?: OpsCollector;
  roles?: RoleLookup;
  log: Logger;
}

const badRequest = { code: ErrorCode.BadRequest, message: 'Expected an empty object.' };

export function registerOpsRoom(socket: RealtimeSocket, deps: OpsRoomDeps): void {
  socket.on('ops:watch', async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: Ack<OpsSnapshot>) => void;
    if (!EmptyPayload.safeParse(payload ?? {}).success) return reply({ ok: false, error: badRequest });
    try {
      const decision = policy.canOperate(
        await actorOf({ userId: socket.data.userId, kind: socket.data.kind ?? 'member' }, deps.roles),
      );
      if (!decision.allowed)
        return reply({
          ok: false,
          error: { code: ErrorCode.Forbidden, message: 'The ops area is for operators only.' },
        });
      if (!deps.collector)
        return reply({
          ok: false,
          error: { code: ErrorCode.Unavailable, message: 'Ops sampling is not configured on this node.' },
        });
      const snapshot = await deps.collector.sample();
      await socket.join(rooms.ops());
      reply({ ok: true, data: snapshot });
    } catch (err) {
      deps.log.error('ops:watch failed', { err, userId: socket.data.userId });
      reply({ ok: false, error: { code: ErrorCode.Internal, message: defaultMessage(ErrorCode.Internal) } });
    }
  });
  socket.on('ops:unwatch', async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<{ watching: false }>) => void) : undefined;
    if (!EmptyPayload.safeParse(payload ?? {}).success) return reply?.({ ok: false, error: badRequest });
    await socket.leave(rooms.ops());
    reply?.({ ok: true, data: { watching: false } });
  });
}

/** Samples on an interval while this node has watchers; returns a stop function. */
export function startOpsSampler(io: RealtimeServer, deps: OpsRoomDeps, intervalMs: number): () => void {
  let busy = false;
  const tick = async () => {
    const watchers = io.of('/').adapter.rooms.get(rooms.ops());
    if (!deps.collector || !watchers || watchers.size === 0 || busy) return;
    busy = true;
    try {
      await dropDemoted(io, watchers, deps.roles);
      if ((io.of('/').adapter.rooms.get(rooms.ops())?.size ?? 0) === 0) return;
      // Local watchers only: every node samples for the admins connected to it.
      io.local.to(rooms.ops()).emit('ops:snapshot', await deps.collector.sample());
    } catch (err) {
      deps.log.warn('ops sample failed', { err });
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function dropDemoted(io: RealtimeServer, watchers: Set<string>, roles?: RoleLookup): Promise<void> {
  const sockets = [...watchers].flatMap((id) => {
    const s = io.of('/').sockets.get(id);
    return s ? [s] : [];
  });
  const current = roles ? await roles.rolesOf([...new Set(sockets.map((s) => s.data.userId))]) : new Map();
  for (const s of sockets) if (current.get(s.data.userId) !== 'admin') await s.leave(rooms.ops());
}
