/**
 * Node-F1 and link-F1 of one predicted plan against the gold one, as Wu et
 * al. define them: F1 between the sets of task names and between the sets of
 * "source, target" name pairs. (The shared scorer in src/evaluation is used by
 * the benchmark; this copy keeps training free of that module's extras.)
 */
export interface NamedPlan {
  readonly tasks: readonly string[];
  readonly links: readonly (readonly [number, number])[];
}

function f1(pred: ReadonlySet<string>, gold: ReadonlySet<string>): number {
  if (pred.size === 0 && gold.size === 0) return 1;
  let tp = 0;
  for (const p of pred) if (gold.has(p)) tp++;
  if (tp === 0) return 0;
  const precision = tp / pred.size;
  const recall = tp / gold.size;
  return (2 * precision * recall) / (precision + recall);
}

const linkNames = (p: NamedPlan): Set<string> => new Set(p.links.map(([s, t]) => `${p.tasks[s] ?? '?'}, ${p.tasks[t] ?? '?'}`));

export function nodeF1(pred: NamedPlan, gold: NamedPlan): number {
  return f1(new Set(pred.tasks), new Set(gold.tasks));
}

export function linkF1(pred: NamedPlan, gold: NamedPlan): number {
  return f1(linkNames(pred), linkNames(gold));
}
