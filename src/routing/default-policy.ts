import { checkpointExists } from '../training/phase2/checkpoint.js';
import { greedyPolicy } from './baseline-policies.js';
import { loadPpoPolicy } from './ppo-policy.js';
import type { RoutingPolicy, WorkerCatalog } from './types.js';

/**
 * The policy the orchestrator routes with: the trained PPO policy when
 * `<checkpointDir>` holds one, else greedy on the catalogue's prior figures
 * (list prices; published-quality estimates).
 */
export function createRoutingPolicy(catalog: WorkerCatalog, checkpointDir?: string): RoutingPolicy {
  if (checkpointDir && checkpointExists(checkpointDir)) return loadPpoPolicy(checkpointDir, catalog.profiles);
  return greedyPolicy(catalog.estimate, 'greedy-prior');
}
