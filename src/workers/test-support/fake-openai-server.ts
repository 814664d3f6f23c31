import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for adapter tests: each
 * request takes the next scripted reply, and every request body is kept so
 * tests can assert on what the adapter sent.
 */

export type FakeReply =
  /** A normal Chat Completions answer. */
  | { readonly kind: 'answer'; readonly text: string; readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number }; readonly model?: string }
  /** A streamed (SSE) answer: one chunk per piece of text, then a usage chunk when given. */
  | { readonly kind: 'stream'; readonly pieces: readonly string[]; readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } }
  /** An error status with an OpenAI-shaped error body. */
  | { readonly kind: 'error'; readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  /** Answers only after `delayMs` (or never, if the client gives up first). */
  | { readonly kind: 'slow'; readonly delayMs: number; readonly text: string };

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface FakeOpenAIServer {
  /** e.g. `http://127.0.0.1:54321/v1`, to use as `baseURL`. */
  readonly baseURL: string;
  readonly requests: readonly ReceivedRequest[];
  /** Queue replies; when the queue is empty the server answers 500 "no scripted reply". */
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function completion(text: string, model: string, usage?: { prompt_tokens: number; completion_tokens: number }): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const queue: FakeReply[] = [];
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = raw ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        // Keep the raw text: a test may want to see a malformed body.
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const model = typeof body === 'object' && body !== null && typeof (body as { model?: unknown }).model === 'string' ? (body as { model: string }).model : 'fake';
      const next = queue.shift();
      if (!next) return sendJson(res, 500, { error: { message: 'no scripted reply', type: 'server_error' } });
      switch (next.kind) {
        case 'answer':
          return sendJson(res, 200, completion(next.text, next.model ?? model, next.usage));
        case 'error':
          return sendJson(res, next.status, { error: { message: next.message ?? `error ${next.status}`, type: 'fake_error', code: null } }, next.headers);
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) sendJson(res, 200, completion(next.text, model));
          }, next.delayMs);
          timers.add(timer);
          return;
        }
        case 'stream': {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown): string =>
            `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage === undefined ? {} : { usage }) })}\n\n`;
          res.write(chunk({ role: 'assistant', content: '' }, null));
          for (const piece of next.pieces) res.write(chunk({ content: piece }, null));
          res.write(chunk({}, 'stop'));
          if (next.usage) {
            const usage = { ...next.usage, total_tokens: next.usage.prompt_tokens + next.usage.completion_tokens };
            res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`);
          }
          res.end('data: [DONE]\n\n');
          return;
        }
        default: {
          const never: never = next;
          throw new Error(`unknown reply ${JSON.stringify(never)}`);
        }
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
