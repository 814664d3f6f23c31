import type { PlanArgs } from '../types.js';

/**
 * TaskBench args point at earlier results with `<node-k>` placeholders. The
 * executor swaps them for the referenced node's output so a worker sees real
 * values without knowing the convention.
 */
const REF = /<(node-\d+)>/g;
const WHOLE_REF = /^<(node-\d+)>$/;

/** Ids referenced anywhere in `args` (nested arrays and objects included), without duplicates. */
export function referencedIds(args: PlanArgs | undefined): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(REF)) found.add(m[1] as string);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (isPlainObject(value)) {
      for (const v of Object.values(value)) visit(v);
    }
  };
  if (args !== undefined) visit(args);
  return [...found];
}

/**
 * Replaces references found in `outputs`. A string that is exactly one
 * reference becomes the raw output (objects stay objects); a reference inside
 * longer text becomes the output as text. Unknown references stay as written.
 */
export function resolveRefs(args: PlanArgs, outputs: ReadonlyMap<string, unknown>): PlanArgs {
  return resolveValue(args, outputs) as PlanArgs;
}

function resolveValue(value: unknown, outputs: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REF.exec(value);
    if (whole !== null && outputs.has(whole[1] as string)) return outputs.get(whole[1] as string);
    return value.replace(REF, (text, id: string) => (outputs.has(id) ? asText(outputs.get(id)) : text));
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, outputs));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, outputs);
    return out;
  }
  return value;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Cyclic or BigInt-holding outputs cannot be JSON; their String form is the best text we have.
    return String(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
