/**
 * Follows a file another process appends to (`tail -F` semantics). Polling is
 * the source of truth; fs.watch only makes it react sooner. Truncation (size
 * below what was read, or the first bytes changed) and rotation (a new inode)
 * reread from the start. `poll()` is public so tests drive it step by step.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LineSplitter } from '../training/metrics-reader.js';

export interface FollowHandlers {
  /** Complete new lines, in order. */
  onLines(lines: string[]): void;
  /** The file was truncated or replaced: everything reported so far is void and it is reread from the start. */
  onReset?(reason: 'truncated' | 'rotated'): void;
  /** The file is missing (not created yet, or between a rotation's rename and create). */
  onMissing?(): void;
}

export interface FollowState {
  readonly offset: number;
  readonly inode: number | null;
  /** mtime of the file as last seen, for staleness. */
  readonly mtimeMs: number | null;
}

const PREFIX_BYTES = 64;

export class FileFollower {
  private offset = 0;
  private inode: number | null = null;
  private mtimeMs: number | null = null;
  private prefix: Buffer = Buffer.alloc(0);
  private readonly splitter = new LineSplitter();
  private polling: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;

  constructor(
    readonly path: string,
    private readonly handlers: FollowHandlers,
  ) {}

  state(): FollowState {
    return { offset: this.offset, inode: this.inode, mtimeMs: this.mtimeMs };
  }

  /** Reads whatever is new; concurrent calls coalesce into one extra pass. */
  poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.again = false;
        await this.pollOnce();
      } while (this.again);
    })().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private reset(reason: 'truncated' | 'rotated'): void {
    this.offset = 0;
    this.prefix = Buffer.alloc(0);
    this.splitter.reset();
    this.handlers.onReset?.(reason);
  }

  private async pollOnce(): Promise<void> {
    let st;
    try {
      st = await stat(this.path);
    } catch {
      this.handlers.onMissing?.();
      return;
    }
    this.mtimeMs = st.mtimeMs;
    if (this.inode !== null && st.ino !== this.inode) this.reset('rotated');
    else if (st.size < this.offset) this.reset('truncated');
    this.inode = st.ino;
    const fh = await open(this.path, 'r').catch(() => null);
    if (!fh) return;
    try {
      // Truncate-and-rewrite between two polls can leave the size larger than before; the first bytes tell.
      if (this.offset > 0 && this.prefix.length > 0) {
        const head = Buffer.alloc(this.prefix.length);
        const { bytesRead } = await fh.read(head, 0, head.length, 0);
        if (bytesRead < head.length || !head.equals(this.prefix)) this.reset('truncated');
      }
      const size = (await fh.stat()).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      const data = buf.subarray(0, bytesRead);
      if (this.prefix.length < PREFIX_BYTES && this.offset < PREFIX_BYTES) {
        this.prefix = Buffer.concat([this.prefix, data.subarray(0, PREFIX_BYTES - this.offset)]);
      }
      this.offset += bytesRead;
      const lines = this.splitter.push(data);
      if (lines.length) this.handlers.onLines(lines);
    } finally {
      await fh.close();
    }
  }

  /** Starts polling every `intervalMs`, plus on fs.watch notifications of the directory (covers rotation). */
  start(intervalMs = 500): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    try {
      this.watcher = watch(dirname(this.path), (_event, name) => {
        if (!name || name === basename(this.path)) void this.poll();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = null;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }
}
