import { Box, Text } from 'ink';
import type { Plan } from '../../types.js';
import type { RunView } from '../state/run-view.js';
import { DagPane } from './DagPane.js';
import { RunBlock } from './RunBlock.js';
import { Suggestions } from './Suggestions.js';
import type { NodeView } from '../state/node-view.js';
import { useColorProp } from './theme.js';

/** Finished output, written once above the live area through `<Static>`. */
export type HistoryItem =
  | { readonly key: string; readonly kind: 'input'; readonly text: string }
  | { readonly key: string; readonly kind: 'message'; readonly text: string; readonly tone: 'info' | 'error' }
  | { readonly key: string; readonly kind: 'plan'; readonly instruction: string; readonly plan: Plan }
  | { readonly key: string; readonly kind: 'run'; readonly view: RunView };

function planNodes(plan: Plan): Record<string, NodeView> {
  return Object.fromEntries(
    plan.nodes.map((n) => [n.id, { id: n.id, task: n.task, deps: n.deps, worker: n.worker ?? '', state: 'queued' as const, attempt: 0 }]),
  );
}

function plannerLabel(plan: Plan): string {
  const p = plan.planner;
  if (!p) return 'planner unknown';
  if (p.name === 'edited') return `edited by hand (planned by ${p.version})`;
  return `planner ${p.name} ${p.version} (conf ${p.confidence.toFixed(2)})`;
}

export function HistoryItemView({ item, width }: { readonly item: HistoryItem; readonly width: number }) {
  const colorOf = useColorProp();
  switch (item.kind) {
    case 'input':
      return (
        <Text bold wrap="truncate">
          › {item.text}
        </Text>
      );
    case 'message':
      return (
        <Box marginBottom={1}>
          <Text {...(item.tone === 'error' ? colorOf('red') : {})}>{item.text}</Text>
        </Box>
      );
    case 'plan': {
      return (
        <Box flexDirection="column" marginBottom={1}>
          <Text bold>plan › {item.instruction}</Text>
          <DagPane order={item.plan.nodes.map((n) => n.id)} nodes={planNodes(item.plan)} width={width} />
          <Text dimColor>
            {item.plan.nodes.length} nodes · {plannerLabel(item.plan)} · not run: /go runs it, /add and /drop edit it
          </Text>
          <Suggestions plan={item.plan} then="runs it" />
        </Box>
      );
    }
    case 'run':
      return <RunBlock view={item.view} width={width} />;
    default: {
      const unhandled: never = item;
      return unhandled;
    }
  }
}
