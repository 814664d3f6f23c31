import { render } from 'ink';
import type { UserState } from '../config/user-state.js';
import type { OrchestratorApi } from '../types.js';
import { App } from './App.js';
import { ColorContext } from './components/theme.js';

export interface InteractiveAppOptions {
  readonly userState: UserState;
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  /** Defaults to the NO_COLOR convention (any non-empty value). */
  readonly noColor?: boolean;
}

/** Runs the interactive session until the user quits; resolves to the process exit code. */
export async function startInteractiveApp(api: OrchestratorApi, options: InteractiveAppOptions): Promise<number> {
  const noColor = options.noColor ?? Boolean(process.env.NO_COLOR);
  let exitCode = 0;
  const instance = render(
    <ColorContext.Provider value={!noColor}>
      <App api={api} userState={options.userState} onExit={(code) => (exitCode = code)} />
    </ColorContext.Provider>,
    {
      stdin: options.stdin ?? process.stdin,
      stdout: options.stdout ?? process.stdout,
      // Ctrl-C cancels the run first; the App decides when it quits.
      exitOnCtrlC: false,
      maxFps: 20,
    },
  );
  await instance.waitUntilExit();
  return exitCode;
}

export { App } from './App.js';
export type { SlashCommand, CommandContext, CommandResult } from './commands/types.js';
export { builtinCommands } from './commands/index.js';
