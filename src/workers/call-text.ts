import type { PlanArgs, WorkerCall } from '../types.js';

/**
 * The text a call works on, shared by the sim zoo (token counts, output
 * excerpts) and the openai prompts, so both read a call the same way.
 */

/** ~chars / charsPerToken, so usage grows with the instruction and the inputs. */
export function countTokens(text: string, charsPerToken: number): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / charsPerToken);
}

/**
 * Readable text of a value passed between nodes: strings as-is, a produced
 * image/audio/video by its URI (what a downstream model would be given),
 * outputs with a `text` field by that field, the rest flattened.
 */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') {
    const uri = (value as { artifact?: { uri?: unknown } }).artifact?.uri;
    if (typeof uri === 'string') return uri;
    if ('text' in value && typeof (value as { text: unknown }).text === 'string') return (value as { text: string }).text;
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${textOf(v)}`)
      .join(' ');
  }
  return String(value);
}

const REF = /^<(node-\d+)>$/;

/** Parent ids a node's args refer to as `<node-k>`. */
export function referencedParents(args: PlanArgs | undefined): Set<string> {
  const values: readonly unknown[] = args === undefined ? [] : Array.isArray(args) ? args : Object.values(args);
  const ids = new Set<string>();
  for (const v of values) {
    const m = typeof v === 'string' ? REF.exec(v.trim()) : null;
    if (m?.[1]) ids.add(m[1]);
  }
  return ids;
}

/** Args as text, `<node-k>` references replaced by that parent's output; named args as `name: value`. */
export function resolveArgs(args: PlanArgs | undefined, inputs: Readonly<Record<string, unknown>>): string[] {
  if (args === undefined) return [];
  const values: readonly unknown[] = Array.isArray(args) ? args : Object.entries(args).map(([k, v]) => ({ [k]: v }));
  const resolve = (v: unknown): string => {
    const m = typeof v === 'string' ? REF.exec(v.trim()) : null;
    if (m?.[1] && m[1] in inputs) return textOf(inputs[m[1]]);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return Object.entries(v as Record<string, unknown>)
        .map(([k, inner]) => `${k}: ${resolve(inner)}`)
        .join(' ');
    }
    return textOf(v);
  };
  return values.map(resolve);
}

/** Resolved args plus the outputs of parents the args do not already quote. */
export function callMaterial(call: WorkerCall): { readonly args: string[]; readonly otherParents: string[] } {
  const quoted = referencedParents(call.node.args);
  return {
    args: resolveArgs(call.node.args, call.inputs),
    otherParents: Object.entries(call.inputs)
      .filter(([id]) => !quoted.has(id))
      .map(([, v]) => textOf(v)),
  };
}
