/**
 * Executor benchmark (not a test): `npm run bench:executor [-- --quick]`.
 *
 * (a) Scheduling overhead: instant workers, random layered DAGs (1-3 parents
 *     per node, seeded), wall time / N in microseconds, at N = 1,000 and 10,000.
 * (b) Parallel efficiency: workers sleeping 5-50 ms, makespan / critical path.
 *
 * The same DAGs run through LangGraph.js (StateGraph, fan-in edges) side by side.
 * LangGraph at N = 10,000 takes minutes (about 1 min to compile, 3 to run here);
 * LANGGRAPH_MAX_N caps the N given to it (default 10000; 1000 with --quick).
 */
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { ExecuteOptions } from '../src/executor/index.js';
import { executePlan } from '../src/executor/index.js';
import { seededRandom } from '../src/data/random.js';
import type { Plan, PlanNode, Worker, WorkerResult } from '../src/types.js';

const quick = process.argv.includes('--quick');
const langGraphMaxN = Number(process.env.LANGGRAPH_MAX_N ?? (quick ? 1_000 : 10_000));

/** Layers of `width` nodes; each node past the first layer has 1-3 distinct parents in the layer before. */
function layeredDag(n: number, width: number, seed: number): Plan {
  const rand = seededRandom(seed);
  const nodes: PlanNode[] = [];
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / width);
    const deps = new Set<string>();
    if (layer > 0) {
      const from = (layer - 1) * width;
      const want = 1 + Math.floor(rand() * 3);
      while (deps.size < want) deps.add(`node-${from + Math.floor(rand() * width)}`);
    }
    nodes.push({ id: `node-${i}`, task: 't', deps: [...deps] });
  }
  return { nodes };
}

function criticalPath(plan: Plan, durationMs: ReadonlyMap<string, number>): number {
  const end = new Map<string, number>();
  let longest = 0;
  for (const node of plan.nodes) {
    const start = Math.max(0, ...node.deps.map((d) => end.get(d) ?? 0));
    const e = start + (durationMs.get(node.id) ?? 0);
    end.set(node.id, e);
    longest = Math.max(longest, e);
  }
  return longest;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (x: number, digits = 2): string => x.toFixed(digits);

// ---- OrchestAI ----

const INSTANT: WorkerResult = { output: 'ok' };
const instantWorker: Worker = { id: 'instant', tasks: '*', run: () => Promise.resolve(INSTANT) };

async function orchestInstant(plan: Plan, extra: Partial<ExecuteOptions> = {}): Promise<number> {
  const t = performance.now();
  const r = await executePlan(plan, { workers: [instantWorker], concurrency: Number.POSITIVE_INFINITY, ...extra });
  const wall = performance.now() - t;
  if (r.status !== 'succeeded') throw new Error(`run ${r.status}`);
  return wall;
}

async function orchestSleeping(plan: Plan, durations: ReadonlyMap<string, number>) {
  const worker: Worker = {
    id: 'sleepy',
    tasks: '*',
    run: async (call) => {
      await sleep(durations.get(call.node.id) ?? 0);
      return INSTANT;
    },
  };
  const t = performance.now();
  const r = await executePlan(plan, { workers: [worker], concurrency: Number.POSITIVE_INFINITY });
  return { makespan: performance.now() - t, wallMs: r.wallMs, measuredCriticalPath: r.totals.criticalPathMs, speedup: r.totals.speedup };
}

// ---- LangGraph.js ----

type NodeFn = (id: string) => unknown;

function buildLangGraph(plan: Plan, nodeFn: NodeFn) {
  const State = Annotation.Root({
    // Merging in place: the cheapest fan-in state LangGraph allows, so its figures are not inflated by copying.
    out: Annotation<Record<string, unknown>>({ reducer: (a, b) => Object.assign(a, b), default: () => ({}) }),
  });
  // LangGraph's builder types track node names literally; a plan's names are only known at run time.
  const graph = new StateGraph(State) as unknown as {
    addNode(name: string, fn: (s: unknown) => unknown): void;
    addEdge(from: string | string[], to: string): void;
    compile(): { invoke(input: unknown, config: { recursionLimit: number }): Promise<unknown> };
  };
  const hasChild = new Set<string>();
  for (const node of plan.nodes) {
    graph.addNode(node.id, () => nodeFn(node.id));
    for (const d of node.deps) hasChild.add(d);
  }
  for (const node of plan.nodes) {
    if (node.deps.length === 0) graph.addEdge(START, node.id);
    else graph.addEdge(node.deps.length === 1 ? (node.deps[0] as string) : [...node.deps], node.id);
    if (!hasChild.has(node.id)) graph.addEdge(node.id, END);
  }
  return graph.compile();
}

async function langGraphRun(plan: Plan, nodeFn: NodeFn): Promise<{ compileMs: number; invokeMs: number }> {
  const t0 = performance.now();
  const app = buildLangGraph(plan, nodeFn);
  const t1 = performance.now();
  await app.invoke({}, { recursionLimit: plan.nodes.length + 10 });
  return { compileMs: t1 - t0, invokeMs: performance.now() - t1 };
}

// ---- runs ----

const VARIANTS: readonly { name: string; options: Partial<ExecuteOptions> }[] = [
  { name: 'no listener, no timeout', options: {} },
  { name: 'onEvent listener', options: { onEvent: () => undefined } },
  { name: 'timeoutMs 60000 + concurrency 8 (CLI defaults)', options: { timeoutMs: 60_000, concurrency: 8 } },
];

async function overhead(): Promise<void> {
  console.log('(a) scheduling overhead, instant workers, layered DAG width 100, 1-3 parents; wall / N');
  // Warm-up so the JIT has compiled the hot path before anything is timed.
  const warm = layeredDag(1_000, 100, 99);
  for (let k = 0; k < 30; k++) for (const v of VARIANTS) await orchestInstant(warm, v.options);
  for (const n of [1_000, 10_000]) {
    const plan = layeredDag(n, 100, n);
    const edges = plan.nodes.reduce((s, x) => s + x.deps.length, 0);
    const reps = quick ? 3 : n >= 10_000 ? 11 : 31;
    for (const v of VARIANTS) {
      const walls: number[] = [];
      for (let r = 0; r < reps; r++) walls.push(await orchestInstant(plan, v.options));
      const perNode = (ms: number) => fmt((ms * 1000) / n);
      console.log(`  orchestai  N=${n} E=${edges} [${v.name}]: ${perNode(median(walls))} µs/node median, ${perNode(Math.min(...walls))} min (${reps} runs)`);
    }
    if (n > langGraphMaxN) {
      console.log(`  langgraph  N=${n}: skipped (LANGGRAPH_MAX_N=${langGraphMaxN})`);
      continue;
    }
    if (n === 1_000) await langGraphRun(layeredDag(200, 20, 5), () => ({ out: {} })); // warm-up
    const lgReps = quick || n >= 10_000 ? 1 : 3;
    const invokes: number[] = [];
    let compileMs = 0;
    for (let r = 0; r < lgReps; r++) {
      const lg = await langGraphRun(plan, () => ({ out: {} }));
      invokes.push(lg.invokeMs);
      compileMs = lg.compileMs;
    }
    console.log(
      `  langgraph  N=${n}: ${fmt((median(invokes) * 1000) / n)} µs/node invoke median (${lgReps} runs), plus graph build+compile ${fmt(compileMs)} ms`,
    );
  }
}

async function efficiency(): Promise<void> {
  const n = quick ? 200 : 1_000;
  const width = quick ? 20 : 50;
  console.log(`(b) parallel efficiency, workers sleeping 5-50 ms, N=${n}, width ${width} (${n / width} layers)`);
  const plan = layeredDag(n, width, 7);
  const rand = seededRandom(8);
  const durations = new Map(plan.nodes.map((node) => [node.id, 5 + Math.floor(rand() * 46)]));
  const nominal = criticalPath(plan, durations);
  // Timers fire late when the machine is busy; a few runs and the median keep one unlucky run from deciding.
  const reps = quick ? 1 : 3;
  const runs: Awaited<ReturnType<typeof orchestSleeping>>[] = [];
  for (let r = 0; r < reps; r++) runs.push(await orchestSleeping(plan, durations));
  const ratio = median(runs.map((o) => o.makespan / o.measuredCriticalPath));
  const o = runs.find((x) => x.makespan / x.measuredCriticalPath === ratio) as (typeof runs)[number];
  console.log(
    `  orchestai: makespan ${fmt(o.makespan, 1)} ms; measured critical path ${fmt(o.measuredCriticalPath, 1)} ms -> ratio ${fmt(ratio, 3)} (median of ${reps}: ${runs.map((x) => fmt(x.makespan / x.measuredCriticalPath, 3)).join(', ')}; from the run's own wallMs, without validation: ${fmt(o.wallMs / o.measuredCriticalPath, 3)}); nominal critical path ${fmt(nominal, 1)} ms -> ratio ${fmt(o.makespan / nominal, 3)}; speed-up ${fmt(o.speedup, 1)}x`,
  );
  const lgRuns: number[] = [];
  for (let r = 0; r < reps; r++) {
    const lg = await langGraphRun(plan, async (id) => {
      await sleep(durations.get(id) ?? 0);
      return { out: {} };
    });
    lgRuns.push(lg.invokeMs);
  }
  const lgMakespan = median(lgRuns);
  console.log(`  langgraph: makespan ${fmt(lgMakespan, 1)} ms (median of ${reps}); nominal critical path ${fmt(nominal, 1)} ms -> ratio ${fmt(lgMakespan / nominal, 3)}`);
}

// LangGraph adds an abort listener per task to one signal; Node's leak warning about it is noise here.
process.removeAllListeners('warning');
process.on('warning', (w) => w.name !== 'MaxListenersExceededWarning' && console.warn(w));

console.log(`executor benchmark, node ${process.version}${quick ? ' (quick)' : ''}`);
await overhead();
await efficiency();
