import { Text } from 'ink';
import type { Plan } from '../../types.js';
import { useColorProp } from './theme.js';

/** "may also need": tasks the planner rated likely but left out, with the commands that add one. */
export function Suggestions({ plan, then }: { readonly plan: Plan | undefined; readonly then: string }) {
  const colorOf = useColorProp();
  const list = plan?.suggestions ?? [];
  if (list.length === 0) return null;
  const tasks = list.map((s) => `${s.task} (${s.probability.toFixed(2)})`).join(', ');
  return (
    <Text {...colorOf('yellow')}>
      may also need: {tasks} · /add {list[0]?.task} [after|before nK], then /go {then}
    </Text>
  );
}
