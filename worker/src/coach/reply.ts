/**
 * One `coach.reply` job: write one answer of the coach.
 *
 * The tool loop, one upstream call per step (at most COACH_MAX_STEPS; the last step may not call
 * tools, so the loop always ends in text):
 *   1. count the request's input tokens, and reserve input + max_tokens of the player's budget
 *      (atomically: refused when the month's budget cannot cover it);
 *   2. stream the Messages API answer (extended thinking, text, tool calls), relaying thinking,
 *      text and tool events to the player as they come;
 *   3. settle the reservation with the real usage from the stream's usage events (always, also
 *      when the stream failed or was stopped);
 *   4. run the tool calls the model made (validated; errors go back as error results) and go on.
 * A stop (the player's, via Redis) aborts the upstream stream at once. Whatever happens, the answer
 * ends exactly once: saved complete, partial (stopped or failed mid-answer, text kept) or failed,
 * with its tool calls each paired with a result, its citations checked, and a `done` event.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import {
  citationsIn,
  finishCoachAnswer,
  keepValidCitations,
  lastCoachSeq,
  ownedReplayLengths,
  readBudgetStatus,
  readCoachEvents,
  readReplyContext,
  reserveTokens,
  settleAbandonedReservations,
  settleReservation,
  type CoachAnswerEnd,
  type CoachReplyContext,
} from '@rlcoach/db/coach/index';
import { COACH_NOT_CONFIGURED, type CoachUsage } from '@rlcoach/db/contracts/coach';
import type { CoachReplyData, CoachReplyResult } from '@rlcoach/db/contracts/jobs';
import type { CoachEngineConfig } from '@rlcoach/db/config/worker';
import type { Log } from '@rlcoach/db/logging/logger';
import type { StoredToolCall } from '@rlcoach/db';
import type { CoachEventWriter } from './events.js';
import { capPriorities, systemPrompt } from './prompt.js';
import { labelOf, runTool, toolDefinitions } from './tools.js';

export interface CoachReplyDeps {
  orm: MikroORM;
  config: CoachEngineConfig;
  /** Null when ANTHROPIC_API_KEY is unset: every answer ends "not configured". */
  client: Anthropic | null;
  log: Log;
}

type Ending =
  | { kind: 'finished'; stopReason: string | null }
  | { kind: 'stopped' }
  | { kind: 'upstream'; error: unknown }
  | { kind: 'budget'; reason: string }
  | { kind: 'length' };

/** ≈ 3 characters a token: an upper-side guess of output for a stream cut before its final usage. */
const estimateTokens = (chars: number) => Math.ceil(chars / 3);
const day = (d: Date) => d.toISOString().slice(0, 10);

function upstreamReason(err: unknown, hasText: boolean): string {
  const overloaded =
    err instanceof Anthropic.APIError && (err.status === 529 || err.type === 'overloaded_error');
  const what = overloaded
    ? 'The coach service is overloaded right now'
    : err instanceof Anthropic.APIConnectionError
      ? 'The coach service could not be reached'
      : 'The coach service failed';
  return `${what}${hasText ? '; the answer so far is kept' : ''}. Try again in a minute.`;
}

/** The conversation as Messages API turns: alternating roles, starting with the player. */
function turnsOf(history: CoachReplyContext['history']): Anthropic.MessageParam[] {
  const turns: Anthropic.MessageParam[] = [];
  for (const h of history) {
    const last = turns.at(-1);
    if (last && last.role === h.role) last.content = `${String(last.content)}\n\n${h.text}`;
    else if (turns.length > 0 || h.role === 'user') turns.push({ role: h.role, content: h.text });
  }
  return turns;
}

export async function runCoachReply(
  deps: CoachReplyDeps,
  data: CoachReplyData,
  events: CoachEventWriter,
  io: { redis: Redis; stop: AbortSignal },
): Promise<CoachReplyResult> {
  const { orm, config, client, log } = deps;
  const em = orm.em.fork();
  const ctx = await readReplyContext(em, data.userId, data.messageId);
  if (!ctx) return { messageId: data.messageId, status: 'failed', inputTokens: 0, outputTokens: 0 };
  if (ctx.status !== 'streaming')
    return { messageId: data.messageId, status: ctx.status, inputTokens: 0, outputTokens: 0 };

  const limitTokens = ctx.preview ? config.limits.previewTokens : config.limits.monthlyTokens;
  let text = '';
  const toolCalls: StoredToolCall[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };

  const budgetUsage = async (): Promise<CoachUsage> => {
    const s = await readBudgetStatus(orm.em.fork(), ctx.userId, limitTokens);
    return { usedTokens: s.usedTokens, limitTokens: s.limitTokens, resetsAt: s.resetsAt.toISOString() };
  };

  /** Save the answer's end and announce it; returns the job's result. */
  const finish = async (
    status: CoachAnswerEnd['status'],
    reason: string | null,
  ): Promise<CoachReplyResult> => {
    let final = ctx.mode === 'review-session' ? capPriorities(text) : text;
    const cited = citationsIn(final);
    if (cited.length > 0) {
      const owned = await ownedReplayLengths(
        orm.em.fork(),
        ctx.userId,
        cited.map((c) => c.replayId),
      );
      const checked = keepValidCitations(final, (c) => {
        if (!owned.has(c.replayId)) return false;
        const length = owned.get(c.replayId);
        return length === null || length === undefined || c.seconds <= length + 1;
      });
      if (checked.dropped > 0)
        log.warn('coach answer cited moments the player cannot open', { dropped: checked.dropped });
      final = checked.text;
    }
    const spent = usage.inputTokens + usage.outputTokens > 0;
    const saved = await finishCoachAnswer(orm.em.fork(), ctx.messageId, {
      status,
      text: final,
      reason,
      toolCalls: toolCalls.length ? toolCalls : null,
      usage: spent || status !== 'failed' ? { ...usage } : null,
      lastSeq: events.nextSeq,
    });
    if (saved)
      await events.push({
        type: 'done',
        status,
        text: final,
        reason,
        usage: client ? await budgetUsage() : null,
      });
    return { messageId: ctx.messageId, status, ...usage };
  };

  // A previous run of this job died mid-answer: its events are in the log. End it with what it sent.
  const written = await lastCoachSeq(io.redis, ctx.messageId);
  if (written > 0) {
    events.continueAfter(written);
    await settleAbandonedReservations(orm.em.fork(), { messageId: ctx.messageId });
    for (const e of await readCoachEvents(io.redis, ctx.messageId, 0)) if (e.type === 'delta') text += e.text;
    return finish('partial', 'The coach was interrupted; the answer so far is kept.');
  }
  if (!client) return finish('failed', COACH_NOT_CONFIGURED);

  const system = systemPrompt(ctx.mode, new Date());
  const tools = toolDefinitions() as Anthropic.Tool[];
  const thinking: Anthropic.ThinkingConfigParam | undefined =
    config.thinkingBudget > 0 ? { type: 'enabled', budget_tokens: config.thinkingBudget } : undefined;
  const messages = turnsOf(ctx.history);
  const upstream = new AbortController();
  const onStop = () => upstream.abort();
  io.stop.addEventListener('abort', onStop);

  let ending: Ending = { kind: 'length' };
  try {
    for (let step = 1; step <= config.maxSteps; step++) {
      if (io.stop.aborted) {
        ending = { kind: 'stopped' };
        break;
      }
      const last = step === config.maxSteps;
      const request = {
        model: config.model,
        system,
        tools,
        messages,
        ...(thinking ? { thinking } : {}),
        // The last step must answer in words: no dangling tool call can end the loop.
        ...(last ? { tool_choice: { type: 'none' as const } } : {}),
      };
      let input: number;
      try {
        input = (await client.messages.countTokens(request, { signal: upstream.signal })).input_tokens;
      } catch (error) {
        ending = io.stop.aborted ? { kind: 'stopped' } : { kind: 'upstream', error };
        break;
      }
      const hold = input + config.maxTokens;
      if (usage.inputTokens + usage.outputTokens + hold > config.requestTokens) {
        ending = { kind: 'length' };
        break;
      }
      const reservation = await reserveTokens(orm.em.fork(), {
        userId: ctx.userId,
        messageId: ctx.messageId,
        tokens: hold,
        limitTokens,
      });
      if (!reservation.granted) {
        ending = {
          kind: 'budget',
          reason: ctx.preview
            ? 'The preview answer reached its limit. The coach is part of Pro.'
            : `This month's coaching budget is used up. It resets on ${day(reservation.status.resetsAt)}.`,
        };
        break;
      }

      // The call's real usage, from its usage events: message_start (input), message_delta (cumulative output).
      const seen = { input: 0, output: 0, final: false, chars: 0 };
      let message: Anthropic.Message | null = null;
      try {
        const stream = client.messages.stream(
          { ...request, max_tokens: config.maxTokens },
          { signal: upstream.signal },
        );
        for await (const event of stream) {
          switch (event.type) {
            case 'message_start':
              seen.input = event.message.usage.input_tokens;
              seen.output = event.message.usage.output_tokens;
              break;
            case 'content_block_start':
              if (event.content_block.type === 'thinking' || event.content_block.type === 'redacted_thinking')
                await events.push({ type: 'thinking' });
              else if (event.content_block.type === 'text' && text !== '' && !text.endsWith('\n\n')) {
                const gap = text.endsWith('\n') ? '\n' : '\n\n';
                text += gap;
                await events.push({ type: 'delta', text: gap });
              }
              break;
            case 'content_block_delta':
              if (event.delta.type === 'text_delta') {
                text += event.delta.text;
                seen.chars += event.delta.text.length;
                await events.push({ type: 'delta', text: event.delta.text });
              } else if (event.delta.type === 'thinking_delta') seen.chars += event.delta.thinking.length;
              else if (event.delta.type === 'input_json_delta') seen.chars += event.delta.partial_json.length;
              break;
            case 'message_delta':
              seen.output = event.usage.output_tokens;
              if (event.usage.input_tokens != null) seen.input = event.usage.input_tokens;
              seen.final = true;
              break;
          }
        }
        message = await stream.finalMessage();
      } catch (error) {
        ending = io.stop.aborted ? { kind: 'stopped' } : { kind: 'upstream', error };
      } finally {
        // A stream cut before its final usage was still generating: charge what it streamed, at least.
        const output = seen.final ? seen.output : Math.max(seen.output, estimateTokens(seen.chars));
        usage.inputTokens += seen.input;
        usage.outputTokens += output;
        await settleReservation(orm.em.fork(), reservation.reservationId, seen.input + output);
      }
      if (!message) break;

      const calls = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (message.stop_reason !== 'tool_use' || calls.length === 0) {
        ending = { kind: 'finished', stopReason: message.stop_reason };
        break;
      }
      // Thinking blocks go back unchanged (with their signatures), as the API requires with tool use.
      messages.push({ role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] });
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const call of calls) {
        const label = labelOf(call.name, call.input);
        await events.push({ type: 'tool', toolUseId: call.id, name: call.name, label, state: 'running' });
        const outcome = await runTool({ em: orm.em.fork(), userId: ctx.userId }, call.name, call.input);
        if (outcome.cause) log.error('coach tool failed', { tool: call.name, err: outcome.cause });
        const content = typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result);
        results.push({
          type: 'tool_result',
          tool_use_id: call.id,
          content,
          ...(outcome.isError ? { is_error: true } : {}),
        });
        toolCalls.push({
          id: call.id,
          name: call.name,
          label: outcome.label,
          input: call.input,
          result: outcome.result,
          isError: outcome.isError,
        });
        await events.push({
          type: 'tool',
          toolUseId: call.id,
          name: call.name,
          label: outcome.label,
          state: outcome.isError ? 'error' : 'done',
        });
      }
      messages.push({ role: 'user', content: results });
    }
  } finally {
    io.stop.removeEventListener('abort', onStop);
  }

  switch (ending.kind) {
    case 'finished':
      return ending.stopReason === 'max_tokens'
        ? finish('partial', 'The answer reached its length limit.')
        : finish('complete', null);
    case 'stopped':
      return finish('partial', 'You stopped the answer.');
    case 'upstream':
      log.warn('coach upstream failed', { messageId: ctx.messageId, err: ending.error });
      return finish(text ? 'partial' : 'failed', upstreamReason(ending.error, text !== ''));
    case 'budget':
      return finish(text ? 'partial' : 'failed', ending.reason);
    case 'length':
      return finish(text ? 'partial' : 'failed', 'The answer reached its length limit.');
  }
}
