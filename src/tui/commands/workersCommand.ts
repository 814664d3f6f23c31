import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const workersCommand: SlashCommand = {
  name: 'workers',
  description: 'List the worker catalogue with prices',
  action(ctx) {
    const workers = ctx.api.workers();
    if (workers.length === 0) return message('no workers configured', 'error');
    const idW = Math.max(2, ...workers.map((w) => w.id.length));
    const modelW = Math.max(5, ...workers.map((w) => w.model.length));
    const rows = workers.map(
      (w) =>
        `  ${w.id.padEnd(idW)}  ${w.provider.padEnd(8)}  ${w.model.padEnd(modelW)}  ` +
        `$${w.priceInPer1M.toFixed(2)}/$${w.priceOutPer1M.toFixed(2)} per 1M in/out${w.simulated ? '  (simulated)' : ''}`,
    );
    return message([`  ${'id'.padEnd(idW)}  ${'provider'.padEnd(8)}  ${'model'.padEnd(modelW)}  price`, ...rows].join('\n'));
  },
};
