import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Plan } from '../types.js';

const planFileSchema = z
  .object({
    instruction: z.string().optional(),
    nodes: z
      .array(
        z
          .object({
            id: z.string().min(1),
            task: z.string().min(1),
            deps: z.array(z.string()).default([]),
            worker: z.string().min(1).optional(),
            fallbacks: z.array(z.string()).optional(),
            args: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
          })
          .strict(),
      )
      .min(1, 'a plan needs at least one node'),
  })
  .strict();

/** Reads a user-written plan (`run --plan FILE`): `{ "nodes": [{ "id", "task", "deps", "worker"? }] }`. */
export function readPlanFile(file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read plan ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = planFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UserError(`invalid plan ${file}:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, planner: { name: 'user', version: 'file', confidence: 1 } };
}
