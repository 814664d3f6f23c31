import type { WorkerCall } from '../../types.js';
import { callMaterial } from '../call-text.js';

/**
 * Chat prompts for the text task types: one builder per type, each using the
 * user's instruction, the node's args (with `<node-k>` references replaced by
 * that parent's output) and the parents' outputs.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface PromptContext {
  readonly task: string;
  readonly instruction: string;
  /** The node's args, references resolved, as text. */
  readonly args: readonly string[];
  /** Outputs of the parents the args do not already quote, as text. */
  readonly parents: readonly string[];
  /** Description of an API tool, for tool calls. */
  readonly toolDescription?: string;
}

type PromptBuilder = (ctx: PromptContext) => readonly ChatMessage[];

/** What the model works on: the args and the parents' outputs, else the instruction. */
function material(ctx: PromptContext): string {
  const parts = [...ctx.args, ...ctx.parents].filter((p) => p.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : ctx.instruction;
}

const withRequest = (ctx: PromptContext, body: string): string => (ctx.instruction ? `User request: ${ctx.instruction}\n\n${body}` : body);

export const textPromptBuilders: Readonly<Record<string, PromptBuilder>> = {
  Summarization: (ctx) => [
    { role: 'system', content: 'Summarize the given text in a few sentences. Keep names, numbers and conclusions. Answer with the summary only.' },
    { role: 'user', content: withRequest(ctx, `Text:\n${material(ctx)}`) },
  ],
  Translation: (ctx) => [
    {
      role: 'system',
      content: 'Translate the given text. Use the target language the user asks for; if none is named, translate into English. Answer with the translation only.',
    },
    { role: 'user', content: withRequest(ctx, `Text:\n${material(ctx)}`) },
  ],
  'Question Answering': (ctx) => {
    // TaskBench gives [context, question]; with one arg the parents' outputs are the context.
    const [first, second] = ctx.args;
    const context = second !== undefined ? (first ?? '') : ctx.parents.join('\n\n');
    const question = second ?? first ?? ctx.instruction;
    return [
      { role: 'system', content: 'Answer the question from the context. Be brief. If the context does not hold the answer, say so.' },
      { role: 'user', content: `Context:\n${context || '(none)'}\n\nQuestion: ${question}` },
    ];
  },
  Conversational: (ctx) => [
    { role: 'system', content: 'You are a helpful, concise assistant.' },
    { role: 'user', content: material(ctx) },
  ],
  'Text Generation': (ctx) => [
    { role: 'system', content: 'Write the text the user asks for. Answer with the text only.' },
    { role: 'user', content: withRequest(ctx, `Input:\n${material(ctx)}`) },
  ],
  'Sentence Similarity': (ctx) => {
    const [a, b] = ctx.args.length >= 2 ? ctx.args : [...ctx.args, ...ctx.parents];
    return [
      { role: 'system', content: 'Rate how similar in meaning two sentences are, from 0 (unrelated) to 1 (same meaning). Answer with the number only.' },
      { role: 'user', content: `Sentence 1: ${a ?? ''}\nSentence 2: ${b ?? ''}` },
    ];
  },
  'Token Classification': (ctx) => [
    {
      role: 'system',
      content:
        'Label the named entities in the text (PER, ORG, LOC, MISC). Answer with a JSON array of {"text": ..., "label": ...} objects only.',
    },
    { role: 'user', content: `Text:\n${material(ctx)}` },
  ],
};

export const TEXT_TASKS: readonly string[] = Object.keys(textPromptBuilders);

/** An API tool call: the model writes the call's JSON arguments (the tool itself is not executed here). */
const toolCallPrompt: PromptBuilder = (ctx) => [
  {
    role: 'system',
    content: `You are calling the API tool "${ctx.task}"${ctx.toolDescription ? ` (${ctx.toolDescription})` : ''}. Write the JSON arguments for this call from the user's request and the earlier results. Answer with one JSON object only.`,
  },
  {
    role: 'user',
    content: [`User request: ${ctx.instruction || '(none)'}`, ctx.args.length ? `Given arguments: ${ctx.args.join('; ')}` : '', ctx.parents.length ? `Earlier results:\n${ctx.parents.join('\n')}` : '']
      .filter(Boolean)
      .join('\n\n'),
  },
];

/** Any other task the config routes here: describe the task and hand over the material. */
const genericPrompt: PromptBuilder = (ctx) => [
  { role: 'system', content: `Perform the task "${ctx.task}" on the input. Answer with the result only.` },
  { role: 'user', content: withRequest(ctx, `Input:\n${material(ctx)}`) },
];

/** `toolDescription` marks the task as an API tool call (pass '' for a tool without description). */
export function buildPrompt(call: WorkerCall, toolDescription?: string): readonly ChatMessage[] {
  const { args, otherParents } = callMaterial(call);
  const ctx: PromptContext = {
    task: call.node.task,
    instruction: call.instruction ?? '',
    args,
    parents: otherParents,
    ...(toolDescription === undefined ? {} : { toolDescription }),
  };
  const builder = textPromptBuilders[call.node.task] ?? (toolDescription === undefined ? genericPrompt : toolCallPrompt);
  return builder(ctx);
}
