import { formatDuration, formatUsd, truncate } from '../format.js';
import type { SlashCommand } from './types.js';
import { message } from './types.js';

const SHOWN = 10;

export const logsCommand: SlashCommand = {
  name: 'logs',
  description: `Show the ${SHOWN} most recent logged runs`,
  action(ctx) {
    const records = ctx.api.recentRuns(SHOWN);
    if (records.length === 0) return message('no runs logged yet');
    const rows = records.map((r) => {
      const when = r.startedAt.replace('T', ' ').slice(0, 19);
      const t = r.totals;
      const head = `  ${when}  ${t.status.padEnd(9)} ${String(r.nodes.length).padStart(2)} nodes  ${formatDuration(t.wallMs).padStart(7)}  ${formatUsd(t.costUsd).padStart(9)}  `;
      return head + truncate(r.instruction, Math.max(12, ctx.width - head.length - 1));
    });
    return message(rows.join('\n'));
  },
};
