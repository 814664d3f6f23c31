import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { listDomains, loadDomain } from '../data/domain.js';
import type { Plan } from '../types.js';
import { buildWorkerRegistry } from '../workers/registry.js';
import { BudgetExceededError } from './budget-error.js';
import { createRouter, toSelectWorkersFn } from './router.js';

describe('createRouter on the shipped config', () => {
  const loaded = loadConfig();
  const dataDir = 'data';
  const registry = buildWorkerRegistry(loaded.config, listDomains(dataDir).map((d) => loadDomain(dataDir, d)));
  const router = createRouter({ loaded, catalog: registry });
  const plan: Plan = {
    domain: 'huggingface',
    instruction: 'Summarize this text and then translate the summary into French.',
    nodes: [
      { id: 'node-0', task: 'Summarization', deps: [] },
      { id: 'node-1', task: 'Translation', deps: ['node-0'] },
    ],
  };

  it('routes with the shipped PPO policy and fills worker + fallbacks that the registry serves', () => {
    expect(router.policyName('huggingface')).toBe('ppo');
    const s = router.select(plan);
    for (const n of s.plan.nodes) {
      expect(registry.candidatesFor(n.task)).toContain(n.worker);
      expect(n.fallbacks?.length).toBe(registry.candidatesFor(n.task).length - 1);
    }
  });

  it('refuses a budget below the cheapest choice and fits one above it', () => {
    expect(() => router.select(plan, { budgetUsd: 1e-7 })).toThrow(BudgetExceededError);
    const s = router.select(plan, { budgetUsd: 0.01 });
    expect(s.expected.costUsd).toBeLessThanOrEqual(0.01);
    const fn = toSelectWorkersFn(router);
    expect(fn(plan, { budgetUsd: null }).nodes.every((n) => n.worker)).toBe(true);
    expect(() => fn(plan, { budgetUsd: 1e-7 })).toThrow(/cheapest possible/);
  });
});
