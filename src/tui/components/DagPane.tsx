import { Text } from 'ink';
import { useMemo } from 'react';
import { layoutDag } from '../dag/layout.js';
import { renderDag } from '../dag/render-dag.js';
import type { NodeView } from '../state/node-view.js';
import { StyledLines } from './StyledLines.js';

export interface DagPaneProps {
  readonly order: readonly string[];
  readonly nodes: Readonly<Record<string, NodeView>>;
  readonly width: number;
  readonly selectedId?: string;
  readonly spinnerFrame?: number;
  /** Keeps the live area shorter than the terminal, which is what keeps Ink from redrawing the whole screen. */
  readonly maxRows?: number;
}

export function DagPane({ order, nodes, width, selectedId, spinnerFrame, maxRows }: DagPaneProps) {
  // Layout depends only on the graph and the width, not on node states: recomputed on plan or resize only.
  const graphKey = order.map((id) => `${id}<${(nodes[id]?.deps ?? []).join(',')}`).join(';');
  const layout = useMemo(
    () => layoutDag(order.map((id) => ({ id, deps: nodes[id]?.deps ?? [] })), { width }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [graphKey, width],
  );
  const views = useMemo(() => new Map(order.map((id) => [id, nodes[id]] as const).filter((e): e is [string, NodeView] => e[1] !== undefined)), [order, nodes]);
  const lines = renderDag(layout, views, { ...(selectedId ? { selectedId } : {}), spinnerFrame: spinnerFrame ?? 0 });
  if (maxRows !== undefined && lines.length > maxRows) {
    return (
      <>
        <StyledLines lines={lines.slice(0, Math.max(1, maxRows - 1))} />
        <Text dimColor>… {lines.length - maxRows + 1} more rows (enlarge the terminal to see the whole DAG)</Text>
      </>
    );
  }
  return <StyledLines lines={lines} />;
}
