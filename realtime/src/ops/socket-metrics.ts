/** Socket metrics: connects, disconnects and each client command counted and its acknowledgement timed. */
import { socketCommandDuration, socketEvents, secondsSince } from '@rlcoach/db/observability/metrics';
import type { RealtimeSocket } from '../socket-types.js';

/** Known command names; anything else is counted as `unknown` so labels stay bounded. */
const COMMANDS = new Set([
  'replay:status',
  'coach:ask',
  'coach:stop',
  'coach:resume',
  'ops:watch',
  'ops:unwatch',
]);

export function instrumentSocket(socket: RealtimeSocket): void {
  socketEvents.inc({ event: 'connect', outcome: 'ok' });
  socket.on('disconnect', () => socketEvents.inc({ event: 'disconnect', outcome: 'ok' }));
  socket.use((packet, next) => {
    const event = COMMANDS.has(String(packet[0])) ? String(packet[0]) : 'unknown';
    const last = packet.length - 1;
    const ack = packet[last];
    if (typeof ack === 'function') {
      const started = process.hrtime.bigint();
      packet[last] = (...args: unknown[]) => {
        const ok = (args[0] as { ok?: unknown } | undefined)?.ok === true;
        socketEvents.inc({ event, outcome: ok ? 'ok' : 'refused' });
        socketCommandDuration.observe({ event }, secondsSince(started));
        (ack as (...a: unknown[]) => void)(...args);
      };
    } else socketEvents.inc({ event, outcome: 'no-ack' });
    next();
  });
}
