import { createContext, useContext } from 'react';
import type { CellStyle } from '../dag/canvas.js';

export interface TextStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
}

const COLORS: Record<CellStyle, TextStyle> = {
  plain: {},
  edge: { color: 'gray' },
  dim: { dimColor: true },
  title: { bold: true },
  selected: { color: 'cyan', bold: true },
  queued: { color: 'gray' },
  running: { color: 'yellow' },
  retrying: { color: 'magenta' },
  done: { color: 'green' },
  failed: { color: 'red' },
  skipped: { color: 'gray' },
  cancelled: { color: 'red' },
};

/** False under NO_COLOR: components then drop colours but keep bold/inverse, which NO_COLOR allows. */
export const ColorContext = createContext(true);

export function useTextStyle(): (style: CellStyle) => TextStyle {
  const color = useContext(ColorContext);
  return (style) => {
    const s = COLORS[style];
    if (color) return s;
    return s.bold ? { bold: true } : {};
  };
}

/** `{ color }` props, or nothing under NO_COLOR. */
export function useColorProp(): (color: string) => { color?: string } {
  const enabled = useContext(ColorContext);
  return (color) => (enabled ? { color } : {});
}
