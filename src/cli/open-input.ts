import { createReadStream } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * A line-input stream: stdin for `-` (or an empty path: yargs hands a bare
 * `--input -` over as ''), else the file, opened before reading so a missing
 * file is a clear UserError rather than a stream error mid-run.
 */
export async function openInput(path: string | undefined, stdin: NodeJS.ReadableStream, what = 'input'): Promise<NodeJS.ReadableStream> {
  if (!path || path === '-') return stdin;
  const file = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', (err: NodeJS.ErrnoException) =>
      reject(new UserError(err.code === 'ENOENT' ? `${what} not found: ${path}` : `cannot read ${path}: ${err.message}`)),
    );
  });
  return file;
}
