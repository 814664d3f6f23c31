/** Minimal TTY-like streams so tests can drive functions that call Ink's render() themselves. */
import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  columns = 100;
  rows = 30;
  isTTY = true;
  write = (chunk: string): boolean => {
    this.frames.push(chunk);
    return true;
  };
  /** Everything written, escape sequences removed. */
  text(): string {
    // eslint-disable-next-line no-control-regex
    return this.frames.join('').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string[] = [];
  write(data: string): void {
    this.pending.push(data);
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => this.pending.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export const asWriteStream = (s: FakeStdout): NodeJS.WriteStream => s as unknown as NodeJS.WriteStream;
export const asReadStream = (s: FakeStdin): NodeJS.ReadStream => s as unknown as NodeJS.ReadStream;
