// The commands that read what earlier runs left or what ships with incloud: `history`, `tickets
// sync`, `checks`, `frameworks` and `diff`.

import { Option } from 'commander';
import { CHECKS } from '../../checks/index.js';
import { diffReports } from '../engine/diff.js';
import type { Severity } from '../model/findings.js';
import type { FrameworkControl } from '../model/frameworks.js';
import { atOrAbove, EXIT } from '../pipeline/exit-code.js';
import { loadFrameworks } from '../pipeline/frameworks.js';
import { defaultStorePath } from '../store/database.js';
import { InputError, parseAccountId, parseCount, parseSeconds, parseSeverity } from './args.js';
import { usageOutput, type Cli } from './command-setup.js';
import { showHistory } from './history-command.js';
import { readReport } from './inputs.js';
import { TARGETS, ticketsSync } from './tickets.js';

export function addHistoryCommand({ command, io, setCode }: Cli): void {
  command('history')
    .description('list the recorded scans and their trend (from the scan store)')
    .option('--db [store]', `the scan store (default: the embedded store in ${defaultStorePath()})`)
    .addOption(new Option('--account <id>', 'only this account').argParser(parseAccountId))
    .addOption(new Option('--last <n>', 'how many scans (an organization scan counts as one)').default(20).argParser(parseCount))
    .option('--json', 'print the trend data as JSON')
    .action(async (opts) => {
      setCode(await showHistory(opts, io));
    });
}

export function addTicketsCommands({ program, io, setCode }: Cli): void {
  const tickets = program.command('tickets').description('tickets for findings').configureOutput(usageOutput(io, 'incloud tickets --help'));
  tickets
    .command('sync')
    .description('create, comment, close and reopen tickets from the scan store (tokens from the environment)')
    .configureOutput(usageOutput(io, 'incloud tickets sync --help'))
    .addOption(new Option('--target <system>', 'jira, github, servicenow or webhook').choices(TARGETS).makeOptionMandatory())
    .option('--db [store]', `the scan store (default: the embedded store in ${defaultStorePath()})`)
    .addOption(
      new Option('--min-severity <severity>', 'tickets for open findings at or above this').default('high').argParser(parseSeverity),
    )
    .addOption(
      new Option('--group-by <how>', 'one ticket per finding, or per check and account').choices(['finding', 'check']).default('finding'),
    )
    .option('--dry-run', 'print what would be done; send nothing')
    .addOption(new Option('--account <id>', 'only findings of this account').argParser(parseAccountId))
    .option('--jira-project <key>', 'Jira project key (or JIRA_PROJECT)')
    .option('--jira-issue-type <name>', 'Jira issue type', 'Task')
    .option('--github-repo <owner/repo>', 'GitHub repository (or GITHUB_REPOSITORY)')
    .option('--webhook-url <url>', 'webhook receiver (or INCLOUD_WEBHOOK_URL)')
    .option(
      '--servicenow-table <table>',
      'ServiceNow table (e.g. sn_si_incident); instance and credentials from SERVICENOW_* variables',
      'incident',
    )
    .addOption(
      new Option('--timeout <seconds>', 'give up on one answer of the ticket system after this long (retried)')
        .default(30)
        .argParser(parseSeconds),
    )
    .option('-q, --quiet', 'only the summary line')
    .action(async (opts) => {
      setCode(await ticketsSync(opts, io));
    });
}

export function addChecksCommand({ command, io }: Cli): void {
  command('checks')
    .description('list the check catalogue')
    .option('--json', 'machine-readable output')
    .action((opts) => {
      const rows = CHECKS.map((c) => ({
        id: c.id,
        service: c.service,
        severity: c.severity,
        duties: c.duties,
        title: c.title,
        refs: c.refs,
      }));
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2));
        return;
      }
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) io.out(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.duties.join(',').padEnd(32)}  ${r.title}`);
      io.out(`${rows.length} checks`);
    });
}

export function addFrameworksCommand({ command, io }: Cli): void {
  command('frameworks')
    .description('list the compliance frameworks incloud judges, and how many controls each decides')
    .option('--json', 'machine-readable output')
    .action((opts) => {
      const rows = loadFrameworks().map((f) => {
        const count = (test: (c: FrameworkControl) => boolean) => f.controls.filter(test).length;
        const others = (f.otherServices ?? []).reduce((n, o) => n + o.controls, 0);
        return {
          key: f.key,
          id: f.id,
          version: f.version,
          title: f.title,
          controls: f.controls.length + others,
          mapped: count((c) => Boolean(c.decidedBy?.length)),
          noCheckYet: count((c) => Boolean(c.decidedBy && !c.decidedBy.length)),
          manual: count((c) => c.status === 'manual'),
          outOfScope: count((c) => c.status === 'out-of-scope') + others,
        };
      });
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2));
        return;
      }
      const w = Math.max(...rows.map((r) => r.key.length));
      for (const r of rows)
        io.out(
          `${r.key.padEnd(w)}  ${r.title} ${r.version} (${r.id}): ${r.controls} controls, ${r.mapped} decided by checks, ${r.noCheckYet} without a check yet, ${r.manual} manual, ${r.outOfScope} out of scope`,
        );
      io.out('choose with --frameworks <key,...> (default: all; "none" for no compliance verdicts)');
    });
}

export function addDiffCommand({ command, io, setCode }: Cli): void {
  command('diff')
    .description('compare two JSON reports: new, resolved, unchanged')
    .argument('<old>', 'older report.json')
    .argument('<new>', 'newer report.json')
    .option('--json', 'print the diff as JSON')
    .addOption(new Option('--fail-on <severity>', 'exit 1 if a new finding is at or above this severity').argParser(parseSeverity))
    .action((oldFile: string, newFile: string, opts) => {
      const [a, b] = [readReport(oldFile), readReport(newFile)];
      if (a.scan.accountId !== b.scan.accountId)
        throw new InputError(
          `${oldFile} is account ${a.scan.accountId} but ${newFile} is account ${b.scan.accountId}: diff compares scans of one account`,
        );
      const d = diffReports(a, b);
      if (opts.json) io.out(JSON.stringify(d, null, 2));
      else {
        const line = (tag: string, f: { severity: string; checkId: string; resource: { name: string }; fingerprint: string }) =>
          io.out(`${tag} ${f.severity.padEnd(8)} ${f.checkId}  ${f.resource.name}  [${f.fingerprint.slice(0, 12)}]`);
        d.added.forEach((f) => line('+ new     ', f));
        d.resolved.forEach((f) => line('- resolved', f));
        d.unknown.forEach((f) => line('? unknown ', f));
        d.severityChanged.forEach((c) => io.out(`~ severity ${c.checkId} ${c.from} -> ${c.to} [${c.fingerprint.slice(0, 12)}]`));
        io.out(
          `${d.added.length} new, ${d.resolved.length} resolved, ${d.unchanged.length} unchanged, ${d.unknown.length} not re-assessed`,
        );
      }
      if (opts.failOn) {
        if (atOrAbove(d.added, opts.failOn as Severity)) {
          setCode(EXIT.FINDINGS);
          return;
        }
      }
      setCode(EXIT.OK);
    });
}
