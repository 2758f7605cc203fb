// What every command of the command line shares: one-line usage errors, the output options of
// the commands that write reports, and the handle each command module registers itself with.

import { Command, Option } from 'commander';
import { defaultStorePath } from '../store/database.js';
import type { Io } from '../util/io.js';
import { FORMATS, parseChatServices, parseFormats, parseSeverity, parseTop } from './args.js';

export interface Cli {
  program: Command;
  io: Io;
  setCode: (c: number) => void;
  /** A sub-command whose usage errors point at its own help. */
  command(name: string): Command;
}

/** Usage errors are one line and a pointer to the help of the command that was used. */
export function usageOutput(io: Io, help: string) {
  return {
    writeOut: (s: string) => io.out(s.trimEnd()),
    writeErr: (s: string) => io.err(s.trimEnd()),
    outputError: (s: string) => io.err(`incloud: ${s.trim().split('\n')[0]} (see ${help})`),
  };
}

export function newCli(program: Command, io: Io, setCode: (c: number) => void): Cli {
  return {
    program,
    io,
    setCode,
    command: (name) => program.command(name).configureOutput(usageOutput(io, `incloud ${name} --help`)),
  };
}

/** --out, --format, --config, --fail-on and the rest of what a report-writing command takes. */
export const addOutputOptions = (c: Command): Command =>
  c
    .option('--out <dir>', 'directory for the reports', 'incloud-out')
    .addOption(
      new Option('--format <list>', `report formats: ${FORMATS.join(',')}`).default(['json', 'html'], 'json,html').argParser(parseFormats),
    )
    .option('--config <file>', 'JSON config with check settings ({"checks": {...}})')
    .addOption(new Option('--fail-on <severity>', 'exit 1 if a finding is at or above this severity').argParser(parseSeverity))
    .option('--suppressions <file>', 'JSON file of accepted risks (reason and expiry required)')
    .option('--baseline <report.json>', 'earlier report: write diff.json and apply --fail-on to new findings only')
    .option('--checks <ids>', 'comma-separated check ids to run (default: all)')
    .option('--frameworks <list>', 'compliance frameworks to judge, by key or id (see "incloud frameworks"; default: all, or none)')
    .option('-q, --quiet', 'no progress or summary on stderr (warnings and the reason for a non-zero exit still show)')
    .option('--timings', 'print collect / evaluate / render times and calls per operation')
    .addOption(new Option('--top <n>', 'how many fixes to list after the scan').default(5).argParser(parseTop))
    .addOption(
      new Option(
        '--notify <services>',
        'post a summary to chat: slack, teams or both (webhook URLs from INCLOUD_SLACK_WEBHOOK_URL, INCLOUD_TEAMS_WEBHOOK_URL)',
      ).argParser(parseChatServices),
    )
    .addOption(
      new Option('--notify-min-severity <severity>', 'list new findings at or above this in the chat summary')
        .default('high')
        .argParser(parseSeverity),
    )
    .option(
      '--db [store]',
      `record the scan in the scan store and add history to the reports (embedded store in ${defaultStorePath()} by default, or a folder, or postgres://...)`,
    );
