import { addCommand } from './addCommand.js';
import { budgetCommand } from './budgetCommand.js';
import { clearCommand } from './clearCommand.js';
import { domainCommand } from './domainCommand.js';
import { dropCommand } from './dropCommand.js';
import { goCommand } from './goCommand.js';
import { helpCommand } from './helpCommand.js';
import { historyCommand } from './historyCommand.js';
import { logsCommand } from './logsCommand.js';
import { monitorCommand } from './monitorCommand.js';
import { planCommand } from './planCommand.js';
import { quitCommand } from './quitCommand.js';
import { runCommand } from './runCommand.js';
import { trainCommand } from './trainCommand.js';
import type { SlashCommand } from './types.js';
import { workersCommand } from './workersCommand.js';

/** Order is the order /help lists them in. */
export const builtinCommands: readonly SlashCommand[] = [
  helpCommand,
  domainCommand,
  workersCommand,
  planCommand,
  addCommand,
  dropCommand,
  goCommand,
  runCommand,
  budgetCommand,
  historyCommand,
  logsCommand,
  trainCommand,
  monitorCommand,
  clearCommand,
  quitCommand,
];
