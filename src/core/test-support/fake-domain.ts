/** Test doubles for the orchestrator's inputs: a planner that always plans A -> B, and a catalogue of named tasks. */
import type { Domain } from '../../data/domain.js';
import type { Planner } from '../../planner/types.js';

export const abPlanner: Planner = {
  name: 'fake',
  version: '1',
  domain: 'd',
  plan: (instruction) => ({
    instruction,
    planner: { name: 'fake', version: '1', confidence: 0.9 },
    nodes: [
      { id: 'node-0', task: 'A', deps: [] },
      { id: 'node-1', task: 'B', deps: ['node-0'] },
    ],
  }),
};

/** Domain `d` with these tasks and no tool graph: enough for catalogue checks. */
export function fakeCatalogue(taskIds: readonly string[]): Domain {
  const tools = taskIds.map((id) => ({ id, desc: id }));
  return { name: 'd', dir: '', tools, links: [], index: new Map(tools.map((t, i) => [t.id, i] as const)) } as unknown as Domain;
}
