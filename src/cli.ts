// The incloud command line: the program, its commands (each module under src/cli adds its
// own), and main(), which turns every error into one line and an exit code.

import { Command, CommanderError } from 'commander';
import { OrganizationListError, ScanAbort } from './collect/errors.js';
import { ConfigError } from './engine/config.js';
import { SuppressionError } from './engine/suppress.js';
import { QueueError } from './org/queue-url.js';
import { TargetError } from './org/targets.js';
import { EXIT } from './pipeline/exit-code.js';
import { StoreError } from './store/database.js';
import { TicketConfigError } from './tickets/target.js';
import type { Io } from './util/io.js';
import { visibleControls } from './util/terminal-text.js';
import { TOOL } from './version.js';
import { InputError } from './cli/args.js';
import { newCli, usageOutput } from './cli/command-setup.js';
import { addOrgCommands, addWorkerCommand } from './cli/org-commands.js';
import { addSecurityHubCommands } from './cli/securityhub-command.js';
import { addChecksCommand, addDiffCommand, addFrameworksCommand, addHistoryCommand, addTicketsCommands } from './cli/report-commands.js';
import { addEvaluateCommand, addScanCommand } from './cli/scan-command.js';

export { InputError } from './cli/args.js';
export { DEMO_SNAPSHOT, readJsonFile, readReport, readSnapshot } from './cli/inputs.js';
export { EXIT } from './pipeline/exit-code.js';
export { writeOutputs } from '../reports/formats.js';
export type { Io } from './util/io.js';

/** Every line incloud prints goes through here: what came from AWS cannot act on the terminal. */
const defaultIo: Io = {
  out: (s) => process.stdout.write(`${visibleControls(s)}\n`),
  err: (s) => process.stderr.write(`${visibleControls(s)}\n`),
  isTTY: Boolean(process.stderr.isTTY),
  stream: process.stderr,
};

const COMMANDS = [
  addScanCommand,
  addEvaluateCommand,
  addWorkerCommand,
  addOrgCommands,
  addHistoryCommand,
  addTicketsCommands,
  addSecurityHubCommands,
  addChecksCommand,
  addFrameworksCommand,
  addDiffCommand,
];

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name('incloud')
    .description('Scan AWS accounts (one, or an Organization) for the customer side of the shared responsibility model (read-only).')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput(usageOutput(io, 'incloud --help'));
  const cli = newCli(program, io, setCode);
  for (const add of COMMANDS) add(cli);
  return program;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (
      err instanceof InputError ||
      err instanceof ConfigError ||
      err instanceof SuppressionError ||
      err instanceof TargetError ||
      err instanceof TicketConfigError
    ) {
      io.err(`incloud: ${err.message}`);
      return EXIT.USAGE;
    }
    if (err instanceof QueueError || err instanceof OrganizationListError || err instanceof StoreError) {
      io.err(`incloud: ${err.message}`);
      return EXIT.ABORTED;
    }
    if (err instanceof ScanAbort) {
      io.err(`incloud: scan aborted: ${err.message}`);
      return EXIT.ABORTED;
    }
    io.err(`incloud: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    return EXIT.ABORTED;
  }
}
