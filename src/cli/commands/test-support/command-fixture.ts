import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway project for command tests: config.yaml plus a small Hugging Face-like domain. */
export function makeProject(): { readonly root: string; readonly config: string; readonly dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'orchestai-cmd-'));
  const dataDir = join(root, 'data');
  const dir = join(dataDir, 'mini');
  mkdirSync(dir, { recursive: true });
  const tools = ['Translation', 'Summarization', 'Text-to-Speech', 'Image Classification'].map((id) => ({ id, desc: `${id} tool.`, 'input-type': ['text'], 'output-type': ['text'] }));
  writeFileSync(join(dir, 'tool_desc.json'), JSON.stringify({ nodes: tools }));
  writeFileSync(
    join(dir, 'graph_desc.json'),
    JSON.stringify({ links: [{ source: 'Translation', target: 'Summarization' }, { source: 'Summarization', target: 'Text-to-Speech' }] }),
  );
  const samples = [
    { id: 't1', instruction: 'Translate this French text into English', type: 'single', task_nodes: [{ task: 'Translation' }], task_links: [] },
    { id: 't2', instruction: 'Translate the article to English and then summarize it', type: 'chain', task_nodes: [{ task: 'Translation' }, { task: 'Summarization' }], task_links: [{ source: 'Translation', target: 'Summarization' }] },
    { id: 't3', instruction: 'Summarize the report and read the summary aloud', type: 'chain', task_nodes: [{ task: 'Summarization' }, { task: 'Text-to-Speech' }], task_links: [{ source: 'Summarization', target: 'Text-to-Speech' }] },
    { id: 't4', instruction: 'What is in this photo example.jpg? Classify the image', type: 'single', task_nodes: [{ task: 'Image Classification' }], task_links: [] },
  ];
  writeFileSync(join(dir, 'train.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'planner:\n  default_domain: mini\n  data_dir: data\n  kind: retrieval\nworkers:\n  sim:\n    time_scale: 0\n');
  return { root, config, dataDir };
}

/** A writable that collects what is written, for asserting on command output. */
export function collect(): NodeJS.WritableStream & { text(): string } {
  const chunks: string[] = [];
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    text: () => chunks.join(''),
  };
  return stream as unknown as NodeJS.WritableStream & { text(): string };
}
