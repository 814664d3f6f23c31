import type { TaskSample } from '../types.js';
import { pick, seededRandom, type Random } from './random.js';

/**
 * Terse, user-style instructions from a sample's own `task_steps`. Dataset
 * instructions are long and chatty ("I've got this audio file ... Could you
 * assist me in ..."); people at a prompt type "transcribe example.wav,
 * translate it to French and read it aloud". The steps TaskBench and
 * UltraTool ship with each sample say what each step does in a few words
 * ("Step 2: Translate the transcribed text into French"), so joining them
 * gives a short instruction for the same plan: a label-preserving rewrite.
 * Where a step names its tool ("Call clock_alarm_set to set a new alarm"),
 * only what follows the tool name is kept, so the model learns the task from
 * what is asked, not from its name. Samples are labelled `<id>#steps`.
 */

export interface StepPhrasingReport {
  /** Training samples that had steps to phrase. */
  readonly eligible: number;
  readonly produced: number;
}

const JOINERS = [', then ', ', and then ', '; then ', '. Then ', ', '] as const;
const STEP_PREFIX = /^\s*step\s*\d+\s*[:.)-]?\s*/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One step without its "Step N:" prefix and, when it names a tool of the plan, without "Use <tool> to". */
export function phraseStep(step: string, tools: readonly string[]): string {
  let body = step.replace(STEP_PREFIX, '').trim().replace(/[.\s]+$/, '');
  for (const tool of tools) {
    const named = new RegExp(`^(?:.*?\\b)?${escapeRegExp(tool)}(?:\\s+(?:model|tool|api|function|service))?\\s+(?:to|for|on|in order to)\\s+(.+)$`, 'i');
    const m = named.exec(body);
    if (m?.[1]) {
      body = m[1];
      break;
    }
  }
  return body.trim();
}

/** The steps joined into one sentence; null when there is nothing to join. */
export function phraseFromSteps(steps: readonly string[], tools: readonly string[], rng: Random): string | null {
  return joinSteps(steps, tools, rng)?.text ?? null;
}

/**
 * The steps joined into one sentence, with each step's character span in it
 * (`spans[i]` for step i; null when that step phrased to nothing).
 */
export function joinSteps(steps: readonly string[], tools: readonly string[], rng: Random): { text: string; spans: ([number, number] | null)[] } | null {
  const parts = steps.map((s) => phraseStep(s, tools));
  let text = '';
  const spans: ([number, number] | null)[] = [];
  for (const part of parts) {
    if (part.length === 0) {
      spans.push(null);
      continue;
    }
    if (text.length > 0) text += pick(rng, JOINERS);
    const start = text.length;
    text += text.length === 0 ? part.charAt(0).toUpperCase() + part.slice(1) : part.charAt(0).toLowerCase() + part.slice(1);
    spans.push([start, text.length]);
  }
  return text.length === 0 ? null : { text: `${text}.`, spans };
}

/** One step-phrased copy of every sample that has steps. */
export function stepPhrasedSamples<T extends TaskSample>(samples: readonly T[], options: { readonly seed: number }): { samples: T[]; report: StepPhrasingReport } {
  const rng = seededRandom(options.seed * 7 + 3);
  const out: T[] = [];
  let eligible = 0;
  for (const sample of samples) {
    if (!sample.steps?.length) continue;
    eligible++;
    const joined = joinSteps(sample.steps, [...new Set(sample.nodes.map((n) => n.task))], rng);
    if (!joined) continue;
    // Step i describes node i when the counts agree (1,158 of 1,171 HF multi-task samples): those spans guide the decoder's attention.
    const aligned = joined.spans.length === sample.nodes.length && joined.spans.every((s) => s !== null);
    out.push({ ...sample, id: `${sample.id}#steps`, instruction: joined.text, ...(aligned ? { nodeSpans: joined.spans as [number, number][] } : {}) });
  }
  return { samples: out, report: { eligible, produced: out.length } };
}
