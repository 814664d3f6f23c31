/** A character grid with one style per cell; edges are merged through direction bits so crossings become ┼, ├, ┬ ... */

export type CellStyle = 'plain' | 'edge' | 'dim' | 'title' | 'selected' | 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped' | 'cancelled';

export interface Segment {
  readonly text: string;
  readonly style: CellStyle;
}
export type StyledLine = readonly Segment[];

const UP = 1;
const DOWN = 2;
const LEFT = 4;
const RIGHT = 8;

const JOINS: Record<number, string> = {
  [UP]: '│',
  [DOWN]: '│',
  [UP | DOWN]: '│',
  [LEFT]: '─',
  [RIGHT]: '─',
  [LEFT | RIGHT]: '─',
  [DOWN | RIGHT]: '┌',
  [DOWN | LEFT]: '┐',
  [UP | RIGHT]: '└',
  [UP | LEFT]: '┘',
  [UP | DOWN | RIGHT]: '├',
  [UP | DOWN | LEFT]: '┤',
  [LEFT | RIGHT | DOWN]: '┬',
  [LEFT | RIGHT | UP]: '┴',
  [UP | DOWN | LEFT | RIGHT]: '┼',
};

export class Canvas {
  private readonly chars: (string | undefined)[][];
  private readonly styles: CellStyle[][];
  private readonly bits: number[][];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.chars = Array.from({ length: height }, () => new Array<string | undefined>(width).fill(undefined));
    this.styles = Array.from({ length: height }, () => new Array<CellStyle>(width).fill('plain'));
    this.bits = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  }

  private inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Writes text left to right, clipped at the canvas edge. */
  text(x: number, y: number, text: string, style: CellStyle): void {
    let i = 0;
    for (const ch of text) {
      if (this.inside(x + i, y)) {
        (this.chars[y] as (string | undefined)[])[x + i] = ch;
        (this.styles[y] as CellStyle[])[x + i] = style;
      }
      i++;
    }
  }

  private addBits(x: number, y: number, b: number): void {
    if (this.inside(x, y)) (this.bits[y] as number[])[x] = ((this.bits[y] as number[])[x] ?? 0) | b;
  }

  /** Line from (x1,y) to (x2,y); endpoints only get the half that points inward. */
  hline(y: number, x1: number, x2: number): void {
    const [a, b] = x1 <= x2 ? [x1, x2] : [x2, x1];
    if (a === b) return;
    for (let x = a; x <= b; x++) this.addBits(x, y, (x < b ? RIGHT : 0) | (x > a ? LEFT : 0));
  }

  vline(x: number, y1: number, y2: number): void {
    const [a, b] = y1 <= y2 ? [y1, y2] : [y2, y1];
    if (a === b) return;
    for (let y = a; y <= b; y++) this.addBits(x, y, (y < b ? DOWN : 0) | (y > a ? UP : 0));
  }

  /** Edge stubs leaving a box side must read as a continuous line even at a lone endpoint. */
  stub(x: number, y: number, horizontal: boolean): void {
    this.addBits(x, y, horizontal ? LEFT | RIGHT : UP | DOWN);
  }

  lines(): StyledLine[] {
    const out: StyledLine[] = [];
    for (let y = 0; y < this.height; y++) {
      const segments: Segment[] = [];
      let current = '';
      let style: CellStyle = 'plain';
      let lastNonBlank = -1;
      const cells: { ch: string; style: CellStyle }[] = [];
      for (let x = 0; x < this.width; x++) {
        const explicit = this.chars[y]?.[x];
        const bits = this.bits[y]?.[x] ?? 0;
        const ch = explicit ?? (bits ? (JOINS[bits] ?? '┼') : ' ');
        const cellStyle: CellStyle = explicit !== undefined ? (this.styles[y]?.[x] ?? 'plain') : bits ? 'edge' : 'plain';
        cells.push({ ch, style: cellStyle });
        if (ch !== ' ') lastNonBlank = x;
      }
      for (const cell of cells.slice(0, lastNonBlank + 1)) {
        if (cell.style !== style && current) {
          segments.push({ text: current, style });
          current = '';
        }
        style = cell.style;
        current += cell.ch;
      }
      if (current) segments.push({ text: current, style });
      out.push(segments);
    }
    return out;
  }
}

export function lineText(line: StyledLine): string {
  return line.map((s) => s.text).join('');
}
