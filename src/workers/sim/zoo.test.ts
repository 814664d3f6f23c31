import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDomain } from '../../data/domain.js';
import type { WorkerCall, WorkerResult } from '../../types.js';
import { WorkerError } from '../errors.js';
import { normaliseMetric, successFromQuality } from './quality-map.js';
import { isSimOutput } from './sim-output.js';
import { createSimZoo, type SimZoo, type SimZooOptions } from './zoo.js';
import { loadZooParams, zooFile } from './zoo-params.js';

const dataDir = join(dirname(zooFile), '..');
const domains = ['huggingface', 'ultratool'].map((name) => loadDomain(dataDir, name));
const instant = (options: SimZooOptions = {}): SimZoo => createSimZoo(domains, { timeScale: 0, ...options });

function call(task: string, nodeId = 'node-0', extra: Partial<WorkerCall> = {}): WorkerCall {
  return { node: { id: nodeId, task, deps: [], args: ['example input text'] }, inputs: {}, instruction: 'do the thing', attempt: 1, ...extra };
}

function run(zoo: SimZoo, workerId: string, c: WorkerCall, signal = new AbortController().signal): Promise<WorkerResult | WorkerError> {
  const worker = zoo.workers.find((w) => w.id === workerId);
  if (!worker) throw new Error(`no worker ${workerId}`);
  return worker.run(c, signal).catch((err: unknown) => {
    if (WorkerError.isInstance(err)) return err;
    throw err;
  });
}

const summary = (r: WorkerResult | WorkerError): unknown =>
  WorkerError.isInstance(r) ? { error: r.message, latency: r.simulatedLatencyMs } : { latency: r.simulatedLatencyMs, cost: r.costUsd, usage: r.usage, output: r.output };

describe('sim zoo: determinism', () => {
  const calls = Array.from({ length: 24 }, (_, i) => call(i % 2 ? 'Summarization' : 'Translation', `node-${i}`));

  it('gives the same results for the same seed whatever the order the calls run in', async () => {
    const forward = await Promise.all(calls.map((c) => run(instant({ seed: 5 }), 'gpt-4o-mini', c)));
    const zoo = instant({ seed: 5 });
    const backward: (WorkerResult | WorkerError)[] = [];
    for (const c of [...calls].reverse()) backward.unshift(await run(zoo, 'gpt-4o-mini', c));
    expect(backward.map(summary)).toEqual(forward.map(summary));
  });

  it('gives different draws for another seed, another attempt or another node', async () => {
    const base = summary(await run(instant({ seed: 5 }), 'gpt-4o', call('Summarization')));
    expect(summary(await run(instant({ seed: 6 }), 'gpt-4o', call('Summarization')))).not.toEqual(base);
    expect(summary(await run(instant({ seed: 5 }), 'gpt-4o', call('Summarization', 'node-0', { attempt: 2 })))).not.toEqual(base);
    expect(summary(await run(instant({ seed: 5 }), 'gpt-4o', call('Summarization', 'node-1')))).not.toEqual(base);
  });
});

describe('sim zoo: parameters come from the published figures', () => {
  const figures = readFileSync(join(dirname(zooFile), 'published-figures.md'), 'utf8');
  const rowFor = (name: string): string[] => {
    const line = figures.split('\n').find((l) => l.startsWith(`| ${name} (`));
    if (!line) throw new Error(`no row for ${name} in published-figures.md`);
    return line.split('|').slice(1, -1).map((cell) => cell.trim());
  };
  const firstNumber = (cell: string | undefined): number => Number(/[\d.]+/.exec(cell ?? '')?.[0]);
  const rowNames: Record<string, string> = {
    'gpt-4.1': 'gpt-4.1',
    'gpt-4o': 'gpt-4o',
    'gpt-4o-mini': 'gpt-4o-mini',
    'claude-3.5-sonnet': 'claude-3.5-sonnet',
    'claude-3.5-haiku': 'claude-3.5-haiku',
    'gemini-1.5-flash': 'gemini-1.5-flash',
    'llama-3.1-70b': 'llama-3.1-70b-instruct',
    'llama-3.1-8b': 'llama-3.1-8b-instruct',
  };

  it('prices every LLM at its published list price per 1M input/output tokens', () => {
    const profiles = instant().profiles();
    for (const [id, row] of Object.entries(rowNames)) {
      const cells = rowFor(row);
      const profile = profiles.find((p) => p.id === id);
      expect(profile, id).toBeDefined();
      expect(profile?.priceInPer1M, id).toBe(firstNumber(cells[1]));
      expect(profile?.priceOutPer1M, id).toBe(firstNumber(cells[2]));
    }
    expect(profiles.filter((p) => p.kind === 'llm').map((p) => p.id).sort()).toEqual(Object.keys(rowNames).sort());
  });

  it('uses the published MMLU for every LLM that has one, and imputes only the one without', () => {
    for (const m of loadZooParams().llms) {
      const mmlu = rowFor(rowNames[m.id] ?? m.id)[5] ?? '';
      if (m.mmluImputed) expect(mmlu).toMatch(/^n\/a/);
      else expect(m.mmlu, m.id).toBe(firstNumber(mmlu));
    }
  });

  it('bills a call exactly its tokens at the list prices', async () => {
    const r = await run(instant({ params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } }), 'gpt-4o', call('Summarization'));
    if (WorkerError.isInstance(r)) throw r;
    expect(r.usage).toBeDefined();
    const { inputTokens, outputTokens } = r.usage ?? { inputTokens: 0, outputTokens: 0 };
    expect(r.costUsd).toBeCloseTo((inputTokens * 2.5 + outputTokens * 10) / 1e6, 12);
  });
});

describe('sim zoo: one monotone quality -> success map', () => {
  const map = loadZooParams().rules.success_map;

  it('never gives a lower success to a better normalised quality', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(successFromQuality(lo, map)).toBeLessThanOrEqual(successFromQuality(hi, map));
      }),
    );
  });

  it('normalises every metric kind monotonically in the direction "better is higher"', () => {
    const better = { percent: 1, fraction: 1, cider: 1, pesq: 1, si_snri_db: 1, wer: -1, absrel: -1, rank: -1 } as const;
    for (const [kind, sign] of Object.entries(better) as [keyof typeof better, 1 | -1][]) {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
          const scale = kind === 'cider' ? 200 : kind === 'percent' || kind === 'wer' ? 100 : kind === 'rank' ? 10 : kind === 'pesq' ? 4.5 : kind === 'si_snri_db' ? 40 : 1;
          const [x, y] = (a <= b ? [a, b] : [b, a]).map((v) => v * scale) as [number, number];
          const qx = normaliseMetric({ kind, value: x });
          const qy = normaliseMetric({ kind, value: y });
          if (sign > 0) expect(qx).toBeLessThanOrEqual(qy);
          else expect(qx).toBeGreaterThanOrEqual(qy);
        }),
      );
    }
  });

  it('orders the models of a task by their published metric', () => {
    const zoo = instant();
    const params = loadZooParams();
    const byTask = new Map<string, (typeof params.taskModels)[number][]>();
    for (const m of params.taskModels) byTask.set(`${m.task}/${m.metric.kind}`, [...(byTask.get(`${m.task}/${m.metric.kind}`) ?? []), m]);
    for (const models of byTask.values()) {
      const withValue = models.filter((m) => m.metric.value !== undefined);
      for (const a of withValue) {
        for (const b of withValue) {
          const qa = normaliseMetric(a.metric);
          const qb = normaliseMetric(b.metric);
          if (qa < qb) expect(zoo.estimate(a.id, a.task, 0).successProb).toBeLessThan(zoo.estimate(b.id, b.task, 0).successProb);
        }
      }
    }
    const llms = [...params.llms].sort((a, b) => a.mmlu - b.mmlu);
    for (let i = 1; i < llms.length; i++) {
      const lo = zoo.estimate(llms[i - 1]!.id, 'Summarization', 100).successProb;
      const hi = zoo.estimate(llms[i]!.id, 'Summarization', 100).successProb;
      expect(lo).toBeLessThanOrEqual(hi);
    }
  });

  it('fails a call for quality at rate 1 - success, as a non-retryable error', async () => {
    const zoo = instant({ seed: 1 });
    const p = zoo.estimate('llama-3.1-8b', 'Summarization', 40).successProb;
    const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => run(zoo, 'llama-3.1-8b', call('Summarization', `node-${i}`))));
    const failures = results.filter((r) => WorkerError.isInstance(r));
    expect(Math.abs(failures.length / results.length - (1 - p))).toBeLessThan(0.03);
    for (const f of failures) {
      expect(f.retryable).toBe(false);
      expect(f.message).toContain('simulated model produced an unusable result');
      expect(f.costUsd).toBeGreaterThan(0);
    }
  });
});

describe('sim zoo: coverage', () => {
  it('serves every task type of every shipped domain, and says its outputs are simulated', async () => {
    const zoo = instant({ params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    const tasks = domains.flatMap((d) => d.tools.map((t) => t.id));
    expect(domains[0]?.tools).toHaveLength(23);
    expect(domains[1]?.tools).toHaveLength(260);
    for (const task of tasks) {
      const candidates = zoo.candidatesFor(task);
      expect(candidates.length, task).toBeGreaterThan(0);
      const r = await run(zoo, candidates[0]!, call(task));
      if (WorkerError.isInstance(r)) throw r;
      expect(isSimOutput(r.output), task).toBe(true);
      if (!isSimOutput(r.output)) continue;
      expect(r.output.text.startsWith(`[simulated ${candidates[0]}]`)).toBe(true);
      expect(r.simulatedLatencyMs).toBeGreaterThan(0);
    }
  });

  it('lists candidates by expected quality descending', () => {
    const zoo = instant();
    for (const task of ['Summarization', 'Automatic Speech Recognition', 'Text-to-Image', 'order_tracking']) {
      const probs = zoo.candidatesFor(task).map((id) => zoo.estimate(id, task, 200).successProb);
      expect([...probs].sort((a, b) => b - a)).toEqual(probs);
    }
    expect(zoo.candidatesFor('Text-to-Image')[0]).toBe('flux-1-dev');
  });

  it('quotes the parent an arg refers to, not the reference', async () => {
    const zoo = instant({ params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    const c: WorkerCall = { node: { id: 'node-1', task: 'Summarization', deps: ['node-0'], args: ['<node-0>'] }, inputs: { 'node-0': { text: 'the parent said hello' } }, attempt: 1 };
    const r = await run(zoo, 'gpt-4o-mini', c);
    if (WorkerError.isInstance(r) || !isSimOutput(r.output)) throw new Error('expected a sim output');
    expect(r.output.text).toBe('[simulated gpt-4o-mini] Summarization of "the parent said hello"');
  });

  it('marks media outputs with a simulated artifact', async () => {
    const zoo = instant({ params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    const r = await run(zoo, 'sdxl-base', call('Text-to-Image'));
    if (WorkerError.isInstance(r) || !isSimOutput(r.output)) throw new Error('expected a sim output');
    expect(r.output.artifact?.kind).toBe('image');
    expect(r.output.artifact?.uri).toMatch(/^sim:\/\/image\/[0-9a-f]{12}\.png$/);
  });

  it('charges more input tokens for a longer instruction and inputs', () => {
    const zoo = instant();
    const short = zoo.inputTokensFor(call('Summarization'));
    const long = zoo.inputTokensFor(call('Summarization', 'node-0', { instruction: 'x'.repeat(4000), inputs: { 'node-1': 'y'.repeat(400) } }));
    expect(long - short).toBeGreaterThanOrEqual(1000);
  });

  it('refuses unknown workers and tasks with the known ids', () => {
    const zoo = instant();
    expect(() => zoo.estimate('gpt-5', 'Summarization', 10)).toThrow(/known sim workers: .*gpt-4o-mini/);
    expect(() => zoo.estimate('whisper-large-v3', 'Summarization', 10)).toThrow(/does not serve task "Summarization"/);
  });
});

describe('sim zoo: estimates are the true means', () => {
  it('matches the empirical mean latency and cost of many calls', async () => {
    const zoo = instant({ seed: 3, params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    for (const [id, task] of [['gpt-4o-mini', 'Summarization'], ['whisper-large-v3', 'Automatic Speech Recognition'], ['claude-3.5-haiku', 'order_tracking']] as const) {
      const c = call(task);
      const est = zoo.estimate(id, task, zoo.inputTokensFor(c));
      const results = await Promise.all(Array.from({ length: 3000 }, (_, i) => run(zoo, id, { ...c, node: { ...c.node, id: `n${i}` } })));
      const ok = results.filter((r): r is WorkerResult => !WorkerError.isInstance(r));
      const meanLatency = ok.reduce((s, r) => s + (r.simulatedLatencyMs ?? 0), 0) / ok.length;
      const meanCost = ok.reduce((s, r) => s + (r.costUsd ?? 0), 0) / ok.length;
      expect(Math.abs(meanLatency / est.expectedLatencyMs - 1), id).toBeLessThan(0.03);
      expect(Math.abs(meanCost / est.expectedCostUsd - 1), id).toBeLessThan(0.03);
    }
  });
});

describe('sim zoo: failure injection and abort', () => {
  it('injects retryable 5xx errors', async () => {
    const r = await run(instant({ faults: { errorRate: 1 } }), 'gpt-4o-mini', call('Summarization'));
    expect(WorkerError.isInstance(r) && r.retryable && r.status === 503).toBe(true);
  });

  it('injects 429s carrying retryAfterMs', async () => {
    const r = await run(instant({ faults: { rateLimitRate: 1, retryAfterMs: 2500 } }), 'gpt-4o-mini', call('Summarization'));
    expect(WorkerError.isInstance(r) && r.status === 429 && r.retryable && r.retryAfterMs === 2500).toBe(true);
  });

  it('applies per-worker fault overrides only to that worker', async () => {
    const zoo = instant({ faultsByWorker: { 'gpt-4o': { errorRate: 1 } }, params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    expect(WorkerError.isInstance(await run(zoo, 'gpt-4o', call('Summarization')))).toBe(true);
    expect(WorkerError.isInstance(await run(zoo, 'gpt-4o-mini', call('Summarization')))).toBe(false);
  });

  it('hangs until the signal aborts, then rejects as cancelled (not retryable)', async () => {
    const controller = new AbortController();
    const pending = run(instant({ faults: { hangRate: 1 } }), 'gpt-4o-mini', call('Summarization'), controller.signal);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort();
    const r = await pending;
    expect(WorkerError.isInstance(r) && r.kind === 'aborted' && !r.retryable).toBe(true);
  });

  it('reports a timeout abort as retryable', async () => {
    const controller = new AbortController();
    const pending = run(instant({ faults: { hangRate: 1 } }), 'gpt-4o-mini', call('Summarization'), controller.signal);
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    const r = await pending;
    expect(WorkerError.isInstance(r) && r.kind === 'timeout' && r.retryable).toBe(true);
  });

  it('stops waiting out a long simulated latency as soon as the signal aborts', async () => {
    const controller = new AbortController();
    // Wan2.1-14B stands for ~43 minutes at time scale 1: only the abort can end this call in time.
    const pending = run(createSimZoo(domains, { timeScale: 1 }), 'wan2.1-t2v-14b', call('Text-to-Video'), controller.signal);
    setImmediate(() => controller.abort());
    const r = await pending;
    expect(WorkerError.isInstance(r) && r.kind === 'aborted').toBe(true);
  });

  it('reports the unscaled simulated latency when time scale is 0', async () => {
    const zoo = instant({ params: { ...loadZooParams(), rules: { ...loadZooParams().rules, success_map: { floor: 1, cap: 1 } } } });
    const r = await run(zoo, 'flux-1-dev', call('Text-to-Image'));
    if (WorkerError.isInstance(r)) throw r;
    expect(r.simulatedLatencyMs).toBeGreaterThan(5000);
  });
});
