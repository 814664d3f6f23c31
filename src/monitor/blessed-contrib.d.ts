// blessed-contrib ships no types; only the widgets the monitor uses are declared.
declare module 'blessed-contrib' {
  import type { Widgets } from 'blessed';

  export interface LineSeries {
    title: string;
    x: string[];
    y: number[];
    style?: { line?: string };
  }
  export interface LineElement extends Widgets.BoxElement {
    options: { minY?: number; maxY?: number };
    setData(series: LineSeries[]): void;
  }
  export interface TableElement extends Widgets.BoxElement {
    setData(data: { headers: string[]; data: string[][] }): void;
  }
  export interface LogElement extends Widgets.BoxElement {
    log(line: string): void;
    logLines: string[];
  }
  type Factory<T> = (options?: Record<string, unknown>) => T;

  export class grid {
    constructor(options: { rows: number; cols: number; screen: Widgets.Screen; hideBorder?: boolean });
    set<T>(row: number, col: number, rowSpan: number, colSpan: number, factory: Factory<T>, options?: Record<string, unknown>): T;
  }
  export const line: Factory<LineElement>;
  export const table: Factory<TableElement>;
  export const log: Factory<LogElement>;

  const contrib: { grid: typeof grid; line: typeof line; table: typeof table; log: typeof log };
  export default contrib;
}
