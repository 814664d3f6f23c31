import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type OrchestConfig } from '../config/schema.js';
import { loadDomain } from '../data/domain.js';
import { UserError } from '../errors.js';
import { buildWorkerRegistry } from './registry.js';
import { zooFile } from './sim/zoo-params.js';
import { type FakeOpenAIServer, startFakeOpenAIServer } from './test-support/fake-openai-server.js';

const dataDir = join(dirname(zooFile), '..');
const domains = ['huggingface', 'ultratool'].map((name) => loadDomain(dataDir, name));
const config = (workers: unknown = {}): OrchestConfig => configSchema.parse({ workers });

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});

describe('buildWorkerRegistry', () => {
  it('always has the sim zoo, covering every task of the loaded domains', () => {
    const registry = buildWorkerRegistry(config(), domains, {});
    expect(registry.profiles.every((p) => p.simulated)).toBe(true);
    for (const task of domains.flatMap((d) => d.tools.map((t) => t.id))) expect(registry.candidatesFor(task).length, task).toBeGreaterThan(0);
    expect(registry.getWorker('gpt-4o-mini').provider).toBe('sim');
  });

  it('names the known ids when an unknown worker is asked for', () => {
    const registry = buildWorkerRegistry(config(), domains, {});
    expect(() => registry.getWorker('gpt-5')).toThrow(UserError);
    expect(() => registry.getWorker('gpt-5')).toThrow(/unknown worker "gpt-5"; known workers: .*whisper-large-v3/);
    expect(() => registry.estimate('gpt-5', 'Summarization', 10)).toThrow(/known workers/);
  });

  it('refuses a hosted provider whose key variable is unset, naming the variable', () => {
    const cfg = config({ providers: [{ id: 'openai-mini', type: 'openai', model: 'gpt-4o-mini', api_key_env: 'MY_OPENAI_KEY' }] });
    expect(() => buildWorkerRegistry(cfg, domains, {})).toThrow(UserError);
    expect(() => buildWorkerRegistry(cfg, domains, {})).toThrow(/MY_OPENAI_KEY/);
    expect(() => buildWorkerRegistry(cfg, domains, { MY_OPENAI_KEY: 'sk-abc' })).not.toThrow();
  });

  it('accepts a local endpoint without a key and sends it text and tool-call tasks only', () => {
    const cfg = config({ providers: [{ id: 'local-llama', type: 'openai', base_url: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b' }] });
    const registry = buildWorkerRegistry(cfg, domains, {});
    const local = registry.profiles.find((p) => p.id === 'local-llama');
    expect(local?.simulated).toBe(false);
    expect(local?.tasks).toContain('Summarization');
    expect(local?.tasks).toContain('order_tracking');
    expect(local?.tasks).not.toContain('Automatic Speech Recognition');
    expect(registry.candidatesFor('Automatic Speech Recognition')).not.toContain('local-llama');
    expect(registry.candidatesFor('Summarization')).toContain('local-llama');
  });

  it('refuses a provider id that is already a sim worker, and unknown task names', () => {
    const clash = config({ providers: [{ id: 'gpt-4o', type: 'openai', base_url: 'http://localhost:8080/v1', model: 'gpt-4o' }] });
    expect(() => buildWorkerRegistry(clash, domains, {})).toThrow(/already a sim worker/);
    const typo = config({ providers: [{ id: 'x', type: 'openai', base_url: 'http://localhost:8080/v1', model: 'm', tasks: ['Summarisation'] }] });
    expect(() => buildWorkerRegistry(typo, domains, {})).toThrow(/unknown task\(s\) "Summarisation"/);
  });

  it('puts the default provider first', () => {
    const providers = [{ id: 'real-mini', type: 'openai', base_url: 'http://localhost:8080/v1', model: 'gpt-4o-mini' }];
    const simFirst = buildWorkerRegistry(config({ providers }), domains, {});
    expect(simFirst.workers[0]?.provider).toBe('sim');
    const openaiFirst = buildWorkerRegistry(config({ default_provider: 'openai', providers }), domains, {});
    expect(openaiFirst.workers[0]?.id).toBe('real-mini');
    expect(openaiFirst.candidatesFor('Summarization')[0]).toBe('real-mini');
  });

  it('estimates a configured model the zoo knows with the zoo figures and the configured prices', () => {
    const providers = [{ id: 'real-mini', type: 'openai', base_url: 'http://localhost:8080/v1', model: 'gpt-4o-mini-2024-07-18', price_in_per_1m: 1, price_out_per_1m: 2 }];
    const registry = buildWorkerRegistry(config({ providers }), domains, {});
    const real = registry.estimate('real-mini', 'Summarization', 1000);
    const sim = registry.estimate('gpt-4o-mini', 'Summarization', 1000);
    expect(real.successProb).toBe(sim.successProb);
    expect(real.expectedLatencyMs).toBeCloseTo(sim.expectedLatencyMs, 6);
    expect(real.expectedCostUsd).toBeCloseTo((1000 * 1 + (real.expectedOutputTokens ?? 0) * 2) / 1e6, 12);
  });

  it('builds an openai worker that talks to the configured endpoint with the key from the environment', async () => {
    const providers = [{ id: 'fake', type: 'openai', base_url: server.baseURL, model: 'tiny', api_key_env: 'FAKE_KEY', price_in_per_1m: 1, price_out_per_1m: 1 }];
    const registry = buildWorkerRegistry(config({ providers }), domains, { FAKE_KEY: 'sk-from-env-123456' });
    server.reply({ kind: 'answer', text: 'ok', usage: { prompt_tokens: 5, completion_tokens: 1 } });
    const result = await registry.getWorker('fake').run({ node: { id: 'node-0', task: 'Text Generation', deps: [], args: ['hi'] }, inputs: {}, attempt: 1 }, new AbortController().signal);
    expect(result.costUsd).toBeCloseTo(6 / 1e6, 12);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer sk-from-env-123456');
    expect((server.requests.at(-1)?.body as { model: string }).model).toBe('tiny');
  });
});
