import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerCall } from '../../types.js';
import { WorkerError } from '../errors.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '../test-support/fake-openai-server.js';
import { type OpenAIOutput, createOpenAIWorker, type OpenAIWorkerSettings } from './openai-worker.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
let seen = 0;
beforeEach(() => {
  seen = server.requests.length;
});
const lastRequest = (): { body: Record<string, unknown>; headers: Record<string, unknown>; url: string } => {
  expect(server.requests.length).toBe(seen + 1);
  const r = server.requests[server.requests.length - 1]!;
  return { body: r.body as Record<string, unknown>, headers: r.headers, url: r.url };
};

const KEY = 'sk-test-0123456789abcdef';
const worker = (extra: Partial<OpenAIWorkerSettings> = {}) =>
  createOpenAIWorker({
    id: 'local-llm',
    model: 'llama-3.1-8b-instruct',
    baseURL: server.baseURL,
    apiKey: KEY,
    priceInPer1M: 0.18,
    priceOutPer1M: 0.36,
    tasks: ['Summarization', 'Question Answering', 'order_tracking'],
    maxTokens: 64,
    ...extra,
  });

const summarize: WorkerCall = {
  node: { id: 'node-1', task: 'Summarization', deps: ['node-0'], args: ['<node-0>'] },
  inputs: { 'node-0': { text: 'The transcript says the meeting moved to Friday at 10am.' } },
  instruction: 'Transcribe the recording and summarize it',
  attempt: 1,
};
const signal = (): AbortSignal => new AbortController().signal;

async function failure(p: Promise<unknown>): Promise<WorkerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!WorkerError.isInstance(err)) throw new Error(`expected a WorkerError, got ${String(err)}`);
  return err;
}

describe('openai worker against a real OpenAI-compatible server', () => {
  it('sends the task prompt and reads the answer, usage and cost', async () => {
    server.reply({ kind: 'answer', text: 'Meeting moved to Friday 10am.', usage: { prompt_tokens: 1000, completion_tokens: 500 } });
    const result = await worker().run(summarize, signal());
    const { body, headers, url } = lastRequest();
    expect(url).toBe('/v1/chat/completions');
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(body.model).toBe('llama-3.1-8b-instruct');
    expect(body.max_tokens).toBe(64);
    expect(body.stream).toBeFalsy();
    const messages = body.messages as { role: string; content: string }[];
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toMatch(/Summarize/);
    // The <node-0> reference is replaced by the parent's output text.
    expect(messages[1]?.content).toContain('The transcript says the meeting moved to Friday at 10am.');
    expect(messages[1]?.content).toContain('Transcribe the recording and summarize it');
    expect((result.output as OpenAIOutput).text).toBe('Meeting moved to Friday 10am.');
    expect(result.usage).toEqual({ inputTokens: 1000, outputTokens: 500 });
    expect(result.costUsd).toBeCloseTo((1000 * 0.18 + 500 * 0.36) / 1e6, 12);
  });

  it('builds a question-answering prompt from [context, question] args', async () => {
    server.reply({ kind: 'answer', text: 'Paris', usage: { prompt_tokens: 20, completion_tokens: 1 } });
    await worker().run({ node: { id: 'node-0', task: 'Question Answering', deps: [], args: ['France is a country; its capital is Paris.', 'What is the capital?'] }, inputs: {}, attempt: 1 }, signal());
    const messages = lastRequest().body.messages as { content: string }[];
    expect(messages[1]?.content).toBe('Context:\nFrance is a country; its capital is Paris.\n\nQuestion: What is the capital?');
  });

  it('asks for JSON arguments for an API tool call', async () => {
    server.reply({ kind: 'answer', text: '{"order_id":"A1"}', usage: { prompt_tokens: 30, completion_tokens: 6 } });
    const w = worker({ toolDescriptions: new Map([['order_tracking', 'Order Tracking Tool']]) });
    await w.run({ node: { id: 'node-0', task: 'order_tracking', deps: [] }, inputs: {}, instruction: 'Where is my order A1?', attempt: 1 }, signal());
    const messages = lastRequest().body.messages as { content: string }[];
    expect(messages[0]?.content).toContain('"order_tracking" (Order Tracking Tool)');
    expect(messages[1]?.content).toContain('Where is my order A1?');
  });

  it('streams (SSE) with include_usage and joins the pieces', async () => {
    server.reply({ kind: 'stream', pieces: ['Meeting ', 'moved ', 'to Friday.'], usage: { prompt_tokens: 40, completion_tokens: 5 } });
    const result = await worker({ stream: true }).run(summarize, signal());
    const { body } = lastRequest();
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect((result.output as OpenAIOutput).text).toBe('Meeting moved to Friday.');
    expect((result.output as OpenAIOutput).usageEstimated).toBe(false);
    expect(result.usage).toEqual({ inputTokens: 40, outputTokens: 5 });
  });

  it('estimates usage when a server sends none', async () => {
    server.reply({ kind: 'stream', pieces: ['short answer'] });
    const result = await worker({ stream: true }).run(summarize, signal());
    expect((result.output as OpenAIOutput).usageEstimated).toBe(true);
    expect(result.usage?.outputTokens).toBe(3);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('maps 429 with Retry-After seconds to a retryable error carrying retryAfterMs', async () => {
    server.reply({ kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '3' } });
    const err = await failure(worker().run(summarize, signal()));
    expect(err).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3000, kind: 'rate-limit', provider: 'openai' });
    lastRequest();
  });

  it('prefers retry-after-ms over retry-after', async () => {
    server.reply({ kind: 'error', status: 429, headers: { 'retry-after-ms': '250', 'retry-after': '9' } });
    expect((await failure(worker().run(summarize, signal()))).retryAfterMs).toBe(250);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    server.reply({ kind: 'error', status: 503, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() } });
    const err = await failure(worker().run(summarize, signal()));
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(30_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps 500 to a retryable error and 400/401 to non-retryable ones without leaking the key', async () => {
    server.reply({ kind: 'error', status: 500, message: 'boom' });
    expect(await failure(worker().run(summarize, signal()))).toMatchObject({ status: 500, retryable: true });
    server.reply({ kind: 'error', status: 400, message: 'bad request' });
    expect(await failure(worker().run(summarize, signal()))).toMatchObject({ status: 400, retryable: false });
    server.reply({ kind: 'error', status: 401, message: `Incorrect API key provided: ${KEY}` });
    const err = await failure(worker().run(summarize, signal()));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
  });

  it('does not retry on its own (the executor does)', async () => {
    server.reply({ kind: 'error', status: 503 });
    await failure(worker().run(summarize, signal()));
    lastRequest(); // exactly one request reached the server
  });

  it('gives up on a response slower than the timeout, as a retryable timeout', async () => {
    server.reply({ kind: 'slow', delayMs: 30_000, text: 'too late' });
    const err = await failure(worker().run(summarize, AbortSignal.timeout(100)));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('rejects as cancelled when the caller aborts', async () => {
    server.reply({ kind: 'slow', delayMs: 30_000, text: 'too late' });
    const controller = new AbortController();
    const pending = failure(worker().run(summarize, controller.signal));
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('maps a refused connection to a retryable network error', async () => {
    const w = worker({ baseURL: 'http://127.0.0.1:1/v1' });
    expect(await failure(w.run(summarize, signal()))).toMatchObject({ kind: 'network', retryable: true });
  });

  it('treats an empty answer as unusable (fallback, not retry)', async () => {
    server.reply({ kind: 'answer', text: '', usage: { prompt_tokens: 10, completion_tokens: 0 } });
    expect(await failure(worker().run(summarize, signal()))).toMatchObject({ kind: 'unusable-output', retryable: false });
  });
});
