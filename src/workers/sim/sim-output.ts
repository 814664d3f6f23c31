import { createHash } from 'node:crypto';
import type { CallKind } from './sim-models.js';

/** What a simulated call returns: it says it is simulated, in a field and in its text. */
export interface SimOutput {
  readonly simulated: true;
  readonly worker: string;
  readonly model: string;
  readonly task: string;
  /** Starts with `[simulated <worker>]`. */
  readonly text: string;
  /** Stand-in for a produced image, audio clip or video. */
  readonly artifact?: { readonly kind: ArtifactKind; readonly uri: string };
  readonly simulatedLatencyMs: number;
}

export type ArtifactKind = 'image' | 'audio' | 'video';

const extension: Record<ArtifactKind, string> = { image: 'png', audio: 'wav', video: 'mp4' };

export function isSimOutput(value: unknown): value is SimOutput {
  return typeof value === 'object' && value !== null && (value as { simulated?: unknown }).simulated === true;
}

function excerpt(text: string, max = 80): string {
  // Quoting an upstream simulated output: drop its tag so chains read "Summarization of "Automatic Speech Recognition of ...""
  const flat = text.replace(/\[simulated [^\]]+\]\s*/g, '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function simOutput(options: {
  readonly worker: string;
  readonly model: string;
  readonly task: string;
  readonly kind: CallKind;
  readonly inputText: string;
  readonly artifactKind?: ArtifactKind;
  readonly simulatedLatencyMs: number;
}): SimOutput {
  const { worker, model, task, inputText } = options;
  const about = excerpt(inputText);
  const body =
    options.kind === 'tool-call'
      ? `called ${task}(${about ? JSON.stringify(about) : ''})`
      : options.artifactKind
        ? `${options.artifactKind} from ${task}${about ? ` for "${about}"` : ''}`
        : `${task}${about ? ` of "${about}"` : ''}`;
  const base = { simulated: true as const, worker, model, task, text: `[simulated ${worker}] ${body}`, simulatedLatencyMs: options.simulatedLatencyMs };
  if (!options.artifactKind) return base;
  const hash = createHash('sha256').update(`${worker}\n${task}\n${inputText}`).digest('hex').slice(0, 12);
  return { ...base, artifact: { kind: options.artifactKind, uri: `sim://${options.artifactKind}/${hash}.${extension[options.artifactKind]}` } };
}
