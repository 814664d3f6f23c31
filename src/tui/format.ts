/** Number formats shared by the DAG pane, the totals bar and the dashboard. */

export function formatMs(ms: number): string {
  return `${Math.round(ms)}ms`;
}

/** Wall-clock style: `850ms`, `12.3s`, `4m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** Two significant digits below a cent so tiny simulated costs stay readable: `$0.00042`. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  const decimals = Math.min(10, 1 - Math.floor(Math.log10(usd)));
  return `$${usd.toFixed(decimals)}`;
}

export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(Math.round(tokens));
  if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(1)}k`;
  return `${(tokens / 1_000_000).toFixed(1)}M`;
}

/** Cuts to `width` columns with an ellipsis; the DAG boxes rely on this never overflowing. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** First candidate that fits, else the last one truncated: lets boxes drop detail gracefully. */
export function firstThatFits(candidates: readonly string[], width: number): string {
  for (const c of candidates) if ([...c].length <= width) return c;
  return truncate(candidates[candidates.length - 1] ?? '', width);
}

/** Node outputs are `unknown`: strings as they are, everything else as compact JSON. */
export function formatOutput(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  // Workers (the sim zoo, chat adapters) wrap their answer as { text, ...metadata }: the text is what people read.
  if (value !== null && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
