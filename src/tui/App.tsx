import { Box, Static, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UserState } from '../config/user-state.js';
import type { OrchestratorApi, Plan } from '../types.js';
import { builtinCommands } from './commands/index.js';
import { complete, dispatch, isSlashLine } from './commands/dispatch.js';
import type { CommandContext, CommandResult, SlashCommand } from './commands/types.js';
import { HistoryItemView, type HistoryItem } from './components/HistoryItemView.js';
import { NodeDetail } from './components/NodeDetail.js';
import { PromptLine } from './components/PromptLine.js';
import { RunBlock } from './components/RunBlock.js';
import { useColorProp } from './components/theme.js';
import { useRun } from './hooks/useRun.js';
import { useSpinner } from './hooks/useSpinner.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { formatUsd } from './format.js';
import { historyDown, historyNav, historyPush, historyUp } from './state/history-nav.js';
import * as edit from './state/line-editor.js';
import type { LineState } from './state/line-editor.js';

/** Keeps the live area below the terminal height: Ink redraws the whole screen (flicker) once output is taller. */
const RESERVED_ROWS = 8;
const DETAIL_ROWS = 7;

export interface AppProps {
  readonly api: OrchestratorApi;
  readonly userState: UserState;
  readonly commands?: readonly SlashCommand[];
  readonly onExit: (code: number) => void;
}

/** Omit that keeps the union apart, so each history item kind keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type NewItem = DistributiveOmit<HistoryItem, 'key'>;

export function App({ api, userState, commands = builtinCommands, onExit }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { internal_eventEmitter: keyEvents } = useStdin();
  const { columns, rows } = useTerminalSize();
  const width = Math.max(20, columns - 1);

  const keyRef = useRef(0);
  const [history, setHistory] = useState<HistoryItem[]>(() => [
    {
      key: 'welcome',
      kind: 'message',
      tone: 'info',
      text: `OrchestAI · domain ${api.domain} · ${api.workers().length} workers${api.budgetUsd !== null ? ` · budget ${formatUsd(api.budgetUsd)}` : ''}\nType an instruction to plan and run it; /help lists commands.`,
    },
  ]);
  const [staticEpoch, setStaticEpoch] = useState(0);
  // Line, history cursor and selection live in refs as well as state: keys can arrive faster than React
  // commits, and each key must see the effect of the one before.
  const [line, setLineState] = useState<LineState>(edit.EMPTY_LINE);
  const lineRef = useRef(line);
  const setLine = (next: LineState): void => {
    lineRef.current = next;
    setLineState(next);
  };
  const navRef = useRef(historyNav(userState.history()));
  const [selected, setSelectedState] = useState<string | undefined>();
  const selectedRef = useRef(selected);
  const setSelected = useCallback((id: string | undefined): void => {
    selectedRef.current = id;
    setSelectedState(id);
  }, []);
  const [notice, setNotice] = useState('');
  const [candidates, setCandidates] = useState<readonly string[]>([]);
  const ctrlCArmed = useRef(false);
  const lastRaw = useRef('');

  const colorOf = useColorProp();
  // The plan /plan showed or the last run ran, as /add and /drop left it. Nothing renders it, so a ref is
  // enough, and a command typed right after an edit sees that edit.
  const draftRef = useRef<Plan | null>(null);
  const setDraft = (plan: Plan | null): void => {
    draftRef.current = plan;
  };
  const run = useRun(api, { onSettled: (v) => setDraft(v.plan && v.plan.nodes.length > 0 ? v.plan : null) });
  const spinner = useSpinner(run.running);
  const commandContext = (): CommandContext => ({ api, userState, commands, width, draft: draftRef.current });

  const quit = useCallback(
    (code: number) => {
      run.cancel();
      onExit(code);
      exit();
    },
    [run, onExit, exit],
  );

  /** Moves the finished run (if any) into history, then appends `items`: history stays in the order things happened. */
  const archive = useCallback(
    (items: readonly NewItem[]) => {
      const last = run.current();
      const finished = last && !run.isRunning() ? [{ kind: 'run' as const, view: last }] : [];
      const next = [...finished, ...items].map((item) => ({ ...item, key: `h${(keyRef.current += 1)}` }) as HistoryItem);
      if (next.length) setHistory((h) => [...h, ...next]);
      if (finished.length) run.clear();
      setSelected(undefined);
    },
    [run, setSelected],
  );

  const startRun = (instruction: string, plan?: Plan): void => {
    archive([]);
    setDraft(null);
    run.start(instruction, plan);
  };

  const handle = (input: string, result: CommandResult): void => {
    switch (result.kind) {
      case 'message':
        archive([
          { kind: 'input', text: input },
          { kind: 'message', text: result.text, tone: result.tone ?? 'info' },
        ]);
        return;
      case 'plan':
        archive([{ kind: 'plan', instruction: result.instruction, plan: result.plan }]);
        setDraft(result.plan);
        return;
      case 'run':
        startRun(result.instruction, result.plan);
        return;
      case 'clear':
        // Erase screen and scrollback, then remount <Static> so history starts empty.
        stdout.write('\u001b[2J\u001b[3J\u001b[H');
        run.clear();
        setSelected(undefined);
        setHistory([]);
        setStaticEpoch((e) => e + 1);
        return;
      case 'quit':
        quit(0);
        return;
      default: {
        const unhandled: never = result;
        return unhandled;
      }
    }
  };

  const submit = (text: string): void => {
    const trimmed = text.trim();
    setLine(edit.EMPTY_LINE);
    setCandidates([]);
    if (!trimmed) return;
    if (run.isRunning()) {
      setNotice('a run is in progress: Ctrl-C cancels it');
      setLine(edit.lineOf(text));
      return;
    }
    // `q` alone quits; as a key press it would swallow instructions that start with q.
    if (trimmed === 'q') return quit(0);
    userState.pushHistory(trimmed);
    navRef.current = historyPush(navRef.current, trimmed);
    if (isSlashLine(trimmed)) handle(trimmed, dispatch(commandContext(), trimmed));
    else startRun(trimmed);
  };

  const cycleSelection = (step: number): void => {
    const order = run.current()?.order ?? [];
    if (order.length === 0) return;
    const sel = selectedRef.current;
    const i = sel ? order.indexOf(sel) : -1;
    const next = i < 0 ? (step > 0 ? 0 : order.length - 1) : (i + step + order.length) % order.length;
    setSelected(order[next]);
  };

  // A narrower terminal rewraps what is already on screen into garbage Ink cannot erase:
  // clear it and print the history again at the new width (remounting <Static> replays its items).
  const lastColumns = useRef(columns);
  useEffect(() => {
    if (columns === lastColumns.current) return;
    lastColumns.current = columns;
    const timer = setTimeout(() => {
      stdout.write('\u001b[2J\u001b[3J\u001b[H');
      setStaticEpoch((e) => e + 1);
    }, 100);
    return () => clearTimeout(timer);
  }, [columns, stdout]);

  // Registered before useInput's own listener, so the raw bytes of the key are known when it runs:
  // Ink reports both Backspace (DEL, 0x7f) and the Delete key as `key.delete`.
  useEffect(() => {
    const onRaw = (data: string): void => {
      lastRaw.current = data;
    };
    keyEvents.on('input', onRaw);
    return () => {
      keyEvents.off('input', onRaw);
    };
  }, [keyEvents]);

  useInput((input, key) => {
    const line = lineRef.current;
    const hasRun = (run.current()?.order.length ?? 0) > 0;
    if (key.ctrl && input === 'c') {
      setLine(edit.EMPTY_LINE);
      if (ctrlCArmed.current) return quit(run.isRunning() ? 130 : 0);
      ctrlCArmed.current = true;
      if (run.cancel()) setNotice('cancelling… press Ctrl-C again to quit');
      else setNotice('press Ctrl-C again to quit (or /quit)');
      return;
    }
    ctrlCArmed.current = false;
    if (notice) setNotice('');
    if (key.ctrl && input === 'd') {
      if (line.text === '' && !run.isRunning()) return quit(0);
      return setLine(edit.deleteForward(line));
    }
    if (key.return) return submit(line.text);
    if (key.tab) {
      if (line.text === '') return cycleSelection(key.shift ? -1 : 1);
      const c = complete(commandContext(), line.text);
      setLine(edit.lineOf(c.line));
      setCandidates(c.candidates);
      return;
    }
    if (candidates.length) setCandidates([]);
    if (key.escape) return setSelected(undefined);
    if (key.upArrow || key.downArrow) {
      const r = key.upArrow ? historyUp(navRef.current, line.text) : historyDown(navRef.current, line.text);
      navRef.current = r.nav;
      return setLine(edit.lineOf(r.text));
    }
    if ((key.leftArrow || key.rightArrow) && line.text === '' && hasRun) return cycleSelection(key.leftArrow ? -1 : 1);
    if (key.leftArrow) return setLine(edit.left(line));
    if (key.rightArrow) return setLine(edit.right(line));
    if (key.home || (key.ctrl && input === 'a')) return setLine(edit.home(line));
    if (key.end || (key.ctrl && input === 'e')) return setLine(edit.end(line));
    if (key.ctrl && input === 'u') return setLine(edit.killToStart(line));
    if (key.ctrl && input === 'w') return setLine(edit.killWordBack(line));
    if (key.backspace) return setLine(edit.backspace(line));
    if (key.delete) return setLine(lastRaw.current === '\u001b[3~' ? edit.deleteForward(line) : edit.backspace(line));
    if (key.ctrl || key.meta) return;
    // A paste (or tmux send-keys) can carry the Enter in the same chunk as the text.
    if (/[\r\n]$/.test(input)) return submit(edit.insert(line, input.replace(/[\r\n]+$/, '')).text);
    if (input) setLine(edit.insert(line, input));
  });

  const view = run.view;
  const detailId = selected && view?.nodes[selected] ? selected : undefined;
  const hint = run.running
    ? 'Ctrl-C cancels the run · Tab or ←/→ on an empty line selects a node'
    : view
      ? 'Tab or ←/→ select a node · Esc unselects · /help · q+Enter quits'
      : '/help lists commands · Tab completes · ↑/↓ history · q+Enter quits';

  return (
    <>
      <Static key={staticEpoch} items={history}>
        {(item) => <HistoryItemView key={item.key} item={item} width={width} />}
      </Static>
      <Box flexDirection="column">
        {view ? (
          <RunBlock
            view={view}
            width={width}
            live
            {...(detailId ? { selectedId: detailId } : {})}
            spinnerFrame={spinner}
            maxDagRows={Math.max(4, rows - RESERVED_ROWS - (detailId ? DETAIL_ROWS : 0))}
            answerChars={width * 2}
          />
        ) : null}
        {view && detailId ? <NodeDetail view={view} nodeId={detailId} width={width} /> : null}
        {candidates.length ? <Text {...colorOf('cyan')}>{candidates.join('  ')}</Text> : null}
        <PromptLine line={line} busy={run.running} />
        <Text dimColor wrap="truncate">
          {notice || hint}
        </Text>
      </Box>
    </>
  );
}
