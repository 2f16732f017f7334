/**
 * The fake Messages API (db/src/testing/fake-anthropic.ts) against the real SDK: what the SDK
 * assembles from its events is what was scripted, a 529 is retried, and an `error` event mid
 * stream surfaces as the SDK's APIError. The coach tests rely on all three.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeInputTokens, startFakeAnthropic, type FakeAnthropic } from '@rlcoach/db/testing/fake-anthropic';

let fake: FakeAnthropic;
let client: Anthropic;
const params = {
  model: 'claude-test',
  max_tokens: 2048,
  messages: [{ role: 'user' as const, content: 'How did I do?' }],
};

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 2 });
});
afterAll(async () => {
  await fake?.close();
});

describe('fake Anthropic server', () => {
  it('streams thinking, text and a tool call whose input arrives in several JSON pieces', async () => {
    const input = { limit: 10, playlist: 'Ranked Doubles 2v2' };
    fake.script({
      content: [
        { type: 'thinking', thinking: 'Let me look at the recent games first.', signature: 'sig-1' },
        { type: 'text', text: 'Looking at your games now.' },
        { type: 'tool_use', id: 'toolu_1', name: 'recent_games', input, chunks: 4 },
      ],
    });
    const kinds: string[] = [];
    const jsonPieces: string[] = [];
    const stream = client.messages.stream(params);
    for await (const e of stream) {
      kinds.push(e.type === 'content_block_delta' ? e.delta.type : e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta')
        jsonPieces.push(e.delta.partial_json);
    }
    const msg = await stream.finalMessage();
    expect(jsonPieces.length).toBe(4);
    expect(jsonPieces.join('')).toBe(JSON.stringify(input));
    expect(kinds[0]).toBe('message_start');
    expect(kinds).toContain('thinking_delta');
    expect(kinds).toContain('signature_delta');
    expect(kinds).toContain('text_delta');
    expect(kinds.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'Let me look at the recent games first.', signature: 'sig-1' },
      { type: 'text', text: 'Looking at your games now.' },
      { type: 'tool_use', id: 'toolu_1', name: 'recent_games', input },
    ]);
    expect(msg.usage.input_tokens).toBe(fakeInputTokens(fake.requests.at(-1)!.body));
    expect(msg.usage.output_tokens).toBeGreaterThan(10);
    const counted = await client.messages.countTokens({ model: 'claude-test', messages: params.messages });
    expect(counted.input_tokens).toBe(msg.usage.input_tokens);
  });

  it('answers 529 overloaded, which the SDK retries', async () => {
    const before = fake.requests.length;
    fake.script(
      { httpError: { status: 529, type: 'overloaded_error', message: 'Overloaded' } },
      { content: [{ type: 'text', text: 'Back again.' }] },
    );
    const msg = await client.messages.stream(params).finalMessage();
    expect(msg.content).toEqual([{ type: 'text', text: 'Back again.' }]);
    expect(fake.requests.length - before).toBe(2);
  });

  it('sends an error event mid stream, which the SDK raises as an APIError', async () => {
    fake.script({
      content: [{ type: 'text', text: 'one two three four five six seven eight nine' }],
      streamError: { afterDeltas: 2, type: 'overloaded_error', message: 'Overloaded' },
    });
    const texts: string[] = [];
    const stream = client.messages.stream(params);
    stream.on('text', (t) => texts.push(t));
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
    expect(texts.join('')).toBe('one two three four five six ');
  });
});
