import type { SlashCommand } from './types.js';
import { message } from './types.js';

export const workersCommand: SlashCommand = {
  name: 'workers',
  description: 'List the worker catalogue with prices',
  action(ctx) {
    const workers = ctx.api.workers();
    if (workers.length === 0) return message('no workers configured', 'error');
    const idW = Math.max(2, ...workers.map((w) => w.id.length));
    // Task models bill GPU time per call; LLMs bill tokens.
    const price = (w: (typeof workers)[number]): string =>
      w.usdPerCall !== undefined ? `$${w.usdPerCall.toPrecision(2)}/call` : `$${w.priceInPer1M.toFixed(2)}/$${w.priceOutPer1M.toFixed(2)} per 1M tok`;
    const rows = workers.map((w) => `  ${w.id.padEnd(idW)}  ${(w.provider + (w.simulated ? '*' : '')).padEnd(8)}  ${price(w)}`);
    const note = workers.some((w) => w.simulated) ? ['  * simulated (offline zoo); `orchestai models` shows the real model each stands for'] : [];
    return message([`  ${'id'.padEnd(idW)}  ${'provider'.padEnd(8)}  price`, ...rows, ...note].join('\n'));
  },
};
