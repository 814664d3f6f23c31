// asciichart ships no types; only what we use is declared.
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    min?: number;
    max?: number;
    offset?: number;
    padding?: string;
    colors?: string[];
    symbols?: string[];
    format?: (x: number, i: number) => string;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const black: string;
  export const red: string;
  export const green: string;
  export const yellow: string;
  export const blue: string;
  export const magenta: string;
  export const cyan: string;
  export const lightgray: string;
  export const darkgray: string;
  export const reset: string;
  const asciichart: { plot: typeof plot; red: string; green: string; yellow: string; blue: string; magenta: string; cyan: string; reset: string; darkgray: string };
  export default asciichart;
}
