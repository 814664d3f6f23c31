/**
 * Token counting for the simulation: ~chars/4 (stated in data/zoo/zoo.yaml),
 * so usage grows with the instruction and the inputs.
 */

export function countTokens(text: string, charsPerToken: number): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / charsPerToken);
}

/** Readable text of a value passed between nodes: strings as-is, outputs with a `text` field by that field, the rest as JSON. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'text' in value && typeof (value as { text: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${textOf(v)}`)
      .join(' ');
  }
  return String(value);
}
