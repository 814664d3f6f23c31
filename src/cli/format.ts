import type { NodeResult, Plan, RunEvent, RunResult, SessionEvent } from '../types.js';

/** Plain-text rendering shared by `run`, the line REPL and `--batch` progress. */

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(4)}`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function describePlan(plan: Plan): string {
  const lines = plan.nodes.map((n) => {
    const deps = n.deps.length ? ` <- ${n.deps.join(', ')}` : '';
    return `  ${n.id}  ${n.task}  [${n.worker ?? 'auto'}]${deps}`;
  });
  const p = plan.planner;
  const by = !p ? 'plan' : p.name === 'edited' ? `plan edited by hand (planned by ${p.version})` : `plan by ${p.name} ${p.version} (confidence ${p.confidence.toFixed(2)})`;
  const head = `${by}, ${plan.nodes.length} node(s):`;
  const hints = plan.suggestions?.length
    ? [`  may also need: ${plan.suggestions.map((x) => `${x.task} (${x.probability.toFixed(2)})`).join(', ')} (not planned: /add adds one in a session, or run --plan FILE)`]
    : [];
  return [head, ...lines, ...hints].join('\n');
}

function nodeFigures(r: NodeResult): string {
  const tokens = r.usage.inputTokens + r.usage.outputTokens;
  return `${formatMs(r.latencyMs)}  ${formatUsd(r.costUsd)}  ${tokens} tok  ${r.attempts} attempt(s)`;
}

export function describeTotals(result: RunResult): string {
  const t = result.totals;
  return (
    `run ${result.status}: wall ${formatMs(result.wallMs)}, critical path ${formatMs(t.criticalPathMs)}, ` +
    `speed-up ${t.speedup.toFixed(2)}x, cost ${formatUsd(t.costUsd)}, tokens ${t.inputTokens}+${t.outputTokens}`
  );
}

/** One human-readable line per event; undefined for events not worth a line. */
export function describeEvent(event: SessionEvent, tasks: ReadonlyMap<string, string>): string | undefined {
  const task = (id: string): string => tasks.get(id) ?? id;
  switch (event.type) {
    case 'plan-ready':
      return describePlan(event.plan);
    case 'plan-refused':
      return `plan refused: ${event.reason}`;
    case 'run-started':
      return undefined;
    case 'node-started':
      return `▶ ${event.nodeId} ${task(event.nodeId)} on ${event.worker}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'node-retrying':
      return `↻ ${event.nodeId} ${task(event.nodeId)}: ${event.error}; retrying on ${event.nextWorker} in ${formatMs(event.delayMs)}`;
    case 'node-finished':
      return `✓ ${event.nodeId} ${task(event.nodeId)} on ${event.result.worker}: ${nodeFigures(event.result)}`;
    case 'node-failed':
      return `✗ ${event.nodeId} ${task(event.nodeId)} on ${event.result.worker || '-'}: ${event.result.error ?? 'failed'} (${nodeFigures(event.result)})`;
    case 'node-skipped':
      return `- ${event.nodeId} ${task(event.nodeId)} skipped (${event.because})`;
    case 'node-cancelled':
      return `⊘ ${event.nodeId} ${task(event.nodeId)} cancelled`;
    case 'run-finished':
      return describeTotals(event.result);
    default: {
      const never: never = event;
      return String(never);
    }
  }
}

/** The run's answer: outputs of the nodes nothing else depends on. */
export function finalOutputs(plan: Plan, result: RunResult): { id: string; task: string; output: unknown }[] {
  const parents = new Set(plan.nodes.flatMap((n) => n.deps));
  return result.nodes.filter((n) => n.status === 'succeeded' && !parents.has(n.id)).map((n) => ({ id: n.id, task: n.task, output: n.output }));
}

export function taskIndex(plan: Plan): Map<string, string> {
  return new Map(plan.nodes.map((n) => [n.id, n.task] as const));
}

export function isRunEvent(e: SessionEvent): e is RunEvent {
  return e.type !== 'plan-ready' && e.type !== 'plan-refused';
}

/** A node output as one readable line: its text when it has one, else JSON. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (typeof output === 'object' && output !== null) {
    const o = output as { text?: unknown; artifact?: { uri?: unknown } };
    if (typeof o.text === 'string') return typeof o.artifact?.uri === 'string' ? `${o.text} -> ${o.artifact.uri}` : o.text;
  }
  return JSON.stringify(output) ?? String(output);
}
