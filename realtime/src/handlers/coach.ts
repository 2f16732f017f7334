/**
 * `coach:ask`, `coach:stop`, `coach:resume`: validate the payload (zod), hand it to the coach desk
 * (which checks who asks and what they own), answer through the ack. The answer itself never passes
 * through here: the worker emits it to `user:<id>` through the Redis emitter.
 */
import type { z } from 'zod';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import { coachAskInput, coachResumeInput, coachStopInput } from '@rlcoach/db/coach/input';
import { ErrorCode, toSafeError } from '../errors.js';
import type { CoachDesk, Logger } from '../ports.js';
import type { RealtimeSocket } from '../socket-types.js';

type Reply<T> = (r: Ack<T>) => void;

export function registerCoach(socket: RealtimeSocket, deps: { coach: CoachDesk; log: Logger }): void {
  const { coach, log } = deps;
  const userId = () => socket.data.userId;
  command(socket, 'coach:ask', coachAskInput, log, (ask) => coach.ask(userId(), ask));
  command(socket, 'coach:stop', coachStopInput, log, (p) => coach.stop(userId(), p.messageId));
  command(socket, 'coach:resume', coachResumeInput, log, (p) => coach.resume(userId(), p));
}

/** One command: a missing ack means nobody is listening; a bad payload is BAD_REQUEST; errors are made safe. */
function command<S extends z.ZodType, T>(
  socket: RealtimeSocket,
  event: 'coach:ask' | 'coach:stop' | 'coach:resume',
  schema: S,
  log: Logger,
  run: (payload: z.output<S>) => Promise<T>,
): void {
  // The typed map fixes each event's payload; the handler takes unknown, as a hostile client may send anything.
  (socket as unknown as { on(ev: string, fn: (p: unknown, ack: unknown) => void): void }).on(
    event,
    (payload, ack) => {
      if (typeof ack !== 'function') return;
      const reply = ack as Reply<T>;
      const parsed = schema.safeParse(payload);
      if (!parsed.success)
        return reply({
          ok: false,
          error: { code: ErrorCode.BadRequest, message: describeIssue(parsed.error) },
        });
      run(parsed.data).then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => {
          const { error, known } = toSafeError(err);
          if (!known) log.error(`${event} failed`, { err, userId: socket.data.userId });
          reply({ ok: false, error });
        },
      );
    },
  );
}

/** The first problem, in words, for the BAD_REQUEST answer. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is malformed.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
