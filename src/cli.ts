// The incloud command line: commands and options, and main().

import { Command, CommanderError, Option } from 'commander';
import { resolve } from 'node:path';
import { CHECKS } from '../checks/index.js';
import { DEFAULT_CONCURRENCY } from './collect/clients.js';
import { collect, ScanAbort } from './collect/index.js';
import { ConfigError } from './engine/config.js';
import { diffReports } from './engine/diff.js';
import { SuppressionError } from './engine/suppress.js';
import type { Severity } from './model/findings.js';
import { regionProblem } from './model/regions.js';
import { Progress } from './util/progress.js';
import { TOOL } from './version.js';
import {
  FORMATS,
  InputError,
  parseFormats,
  parseMinutes,
  parsePositiveInt,
  parseRegions,
  parseSeconds,
  parseSeverity,
  parseTop,
  parseCount,
  parseAccountId,
  parseUrl,
} from './cli/args.js';
import { DEMO_SNAPSHOT, readReport, readSnapshot } from './cli/inputs.js';
import { defaultStorePath, StoreError } from './store/database.js';
import { orgCollect, orgScan, parseScanId, runWorker } from './cli/org.js';
import { showHistory } from './cli/history-command.js';
import { TARGETS, ticketsSync } from './cli/tickets.js';
import { TicketConfigError } from './tickets/target.js';
import { OrganizationListError } from './collect/organizations.js';
import { QueueError } from './org/queue.js';
import { DEFAULT_MEMBER_ROLE, TargetError } from './org/targets.js';
import { checkBaselineAccount, exitOnSignal, finish, prepare } from './cli/run.js';
import type { Io } from './util/io.js';

export { InputError } from './cli/args.js';
export { EXIT } from './pipeline/exit-code.js';
import { atOrAbove, EXIT } from './pipeline/exit-code.js';
export { DEMO_SNAPSHOT, readJsonFile, readReport, readSnapshot } from './cli/inputs.js';
export { writeOutputs } from '../reports/formats.js';
export type { Io } from './util/io.js';

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
  stream: process.stderr,
};

/** Usage errors are one line and a pointer to the help of the command that was used. */
function usageOutput(io: Io, help: string) {
  return {
    writeOut: (s: string) => io.out(s.trimEnd()),
    writeErr: (s: string) => io.err(s.trimEnd()),
    outputError: (s: string) => io.err(`incloud: ${s.trim().split('\n')[0]} (see ${help})`),
  };
}

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command();
  program
    .name('incloud')
    .description('Scan AWS accounts (one, or an Organization) for the customer side of the shared responsibility model (read-only).')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput(usageOutput(io, 'incloud --help'));

  const outputOptions = (c: Command) =>
    c
      .option('--out <dir>', 'directory for the reports', 'incloud-out')
      .addOption(
        new Option('--format <list>', `report formats: ${FORMATS.join(',')}`)
          .default(['json', 'html'], 'json,html')
          .argParser(parseFormats),
      )
      .option('--config <file>', 'JSON config with check settings ({"checks": {...}})')
      .addOption(new Option('--fail-on <severity>', 'exit 1 if a finding is at or above this severity').argParser(parseSeverity))
      .option('--suppressions <file>', 'JSON file of accepted risks (reason and expiry required)')
      .option('--baseline <report.json>', 'earlier report: write diff.json and apply --fail-on to new findings only')
      .option('--checks <ids>', 'comma-separated check ids to run (default: all)')
      .option('-q, --quiet', 'no progress or summary on stderr (warnings and the reason for a non-zero exit still show)')
      .option('--timings', 'print collect / evaluate / render times and calls per operation')
      .addOption(new Option('--top <n>', 'how many fixes to list after the scan').default(5).argParser(parseTop))
      .option(
        '--db [store]',
        `record the scan in the scan store and add history to the reports (embedded store in ${defaultStorePath()} by default, or a folder, or postgres://...)`,
      );

  const command = (name: string) => program.command(name).configureOutput(usageOutput(io, `incloud ${name} --help`));

  outputOptions(command('scan').description('collect the account inventory and report findings'))
    .option('--demo', 'scan the bundled example account (no AWS credentials needed)')
    .option('--profile <name>', 'AWS profile (default credential chain otherwise: env, SSO, profiles, instance role)')
    .option('--role-arn <arn>', 'assume this role for the scan')
    .option('--external-id <id>', 'ExternalId for --role-arn')
    .addOption(new Option('--regions <list>', 'comma-separated regions (default: all enabled regions)').argParser(parseRegions))
    .option('--region <region>', 'home region for global calls', process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1')
    .addOption(new Option('--endpoint-url <url>', 'send every AWS call to this endpoint (emulators)').argParser(parseUrl))
    .addOption(
      new Option('--concurrency <n>', 'AWS requests in flight for the whole scan').default(DEFAULT_CONCURRENCY).argParser(parsePositiveInt),
    )
    .addOption(
      new Option('--timeout <seconds>', 'give up on one request after this long (retried, then recorded)')
        .default(20)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option('--deadline <minutes>', 'stop sending requests after this long; what is missing is "not assessed"').argParser(
        parseMinutes,
      ),
    )
    .option('--org', 'scan every active account of the AWS Organization (management or delegated administrator credentials)')
    .option('--accounts-file <file>', 'scan the accounts of these role ARNs (one per line), without Organizations access')
    .option('--accounts <ids>', 'with --org: only these account ids (comma-separated)')
    .option('--exclude-accounts <ids>', 'with --org: skip these account ids')
    .option('--ou <ids>', 'with --org: only accounts under these OUs or roots, nested OUs included')
    .option('--member-role <name>', `with --org: role assumed in each member account (default ${DEFAULT_MEMBER_ROLE})`)
    .addOption(new Option('--account-concurrency <n>', 'accounts scanned at once in this process').default(4).argParser(parsePositiveInt))
    .addOption(new Option('--queue <redis-url>', 'scan the accounts on incloud workers through this BullMQ queue (redis://HOST:PORT)'))
    .addOption(new Option('--scan-id <id>', 'organization scan id; reuse one to resume a queued scan').argParser(parseScanId))
    .addOption(
      new Option('--redis-outage <seconds>', 'with --queue: how long to wait for Redis to come back before giving up')
        .default(600)
        .argParser(parseSeconds),
    )
    .action(async (opts) => {
      const log = opts.quiet ? () => {} : io.err;
      if (opts.org || opts.accountsFile) {
        setCode(await orgScan(opts, io));
        return;
      }
      const orgOnly = ['accounts', 'excludeAccounts', 'ou', 'memberRole', 'queue', 'scanId'].find((k) => opts[k] !== undefined);
      if (orgOnly) throw new InputError(`--${orgOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --org`);
      if (opts.externalId && !opts.roleArn) throw new InputError('--external-id needs --role-arn, --org or --accounts-file');
      if (opts.demo) {
        const prepared = prepare(opts);
        const snapshot = readSnapshot(DEMO_SNAPSHOT);
        log(`demo: scanning the bundled example account ${snapshot.account.id} (no AWS calls)`);
        setCode(await finish(snapshot, opts, prepared, log, true, io));
        return;
      }
      const homeProblem = regionProblem([opts.region]) ?? (opts.regions ? regionProblem([opts.region, ...opts.regions]) : undefined);
      if (homeProblem) throw new InputError(`--region ${opts.region}: ${homeProblem}`);
      const prepared = prepare(opts);
      const startedAt = performance.now();
      const progress = new Progress(opts.quiet ? 'off' : io.isTTY ? 'tty' : 'plain', io.stream);
      const stopOnSignal = exitOnSignal(io, resolve(opts.out), progress);
      let result;
      try {
        result = await collect({
          profile: opts.profile,
          roleArn: opts.roleArn,
          externalId: opts.externalId,
          endpointUrl: opts.endpointUrl,
          homeRegion: opts.region,
          regions: opts.regions,
          concurrency: opts.concurrency,
          onProgress: (e) => progress.update(e),
          onCounts: (counts) => progress.attach(counts),
          requestTimeoutMs: opts.timeout * 1000,
          ...(opts.deadline ? { deadline: Date.now() + opts.deadline * 60_000 } : {}),
          onIdentity: (accountId) => checkBaselineAccount(prepared, accountId),
        });
      } finally {
        progress.finish();
      }
      // The write phase is synchronous: a signal from here on is handled after the set is whole.
      setCode(await finish(result.snapshot, opts, prepared, log, true, io, startedAt));
      stopOnSignal();
    });

  outputOptions(
    command('evaluate').description('re-evaluate a saved snapshot offline').argument('<snapshot>', 'snapshot.json from an earlier scan'),
  ).action(async (file: string, opts) => {
    setCode(await finish(readSnapshot(file), opts, prepare(opts), opts.quiet ? () => {} : io.err, false, io));
  });

  command('worker')
    .description('scan accounts of organization scans queued on BullMQ (runs until SIGTERM)')
    .requiredOption('--queue <redis-url>', 'the BullMQ queue (redis://HOST:PORT)')
    .addOption(new Option('--concurrency <n>', 'accounts scanned at once by this worker').default(2).argParser(parsePositiveInt))
    .addOption(
      new Option('--request-concurrency <n>', 'AWS requests in flight for all its accounts together')
        .default(DEFAULT_CONCURRENCY)
        .argParser(parsePositiveInt),
    )
    .option('--profile <name>', 'AWS profile whose credentials assume the member roles')
    .addOption(
      new Option('--lock-duration <seconds>', 'a job of a worker that died is taken over after this long')
        .default(30)
        .argParser(parseSeconds),
    )
    .option('-q, --quiet', 'no per-job lines')
    .action(async (opts) => {
      setCode(await runWorker(opts, io));
    });

  const org = program.command('org').description('organization scans').configureOutput(usageOutput(io, 'incloud org --help'));
  org
    .command('collect')
    .description('write the organization report of a queued scan from the results the workers stored')
    .argument('<scanId>', 'the scan id printed by "scan --org --queue"')
    .configureOutput(usageOutput(io, 'incloud org collect --help'))
    .requiredOption('--queue <redis-url>', 'the BullMQ queue (redis://HOST:PORT)')
    .option('--out <dir>', 'directory for the reports', 'incloud-out')
    .addOption(new Option('--format <list>', 'json and/or html').default(['json', 'html'], 'json,html').argParser(parseFormats))
    .option('--wait', 'wait for accounts whose jobs are still running (default: report them as not assessed)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 if a finding is at or above this severity').argParser(parseSeverity))
    .addOption(new Option('--redis-outage <seconds>', 'how long to wait for Redis to come back').default(600).argParser(parseSeconds))
    .addOption(new Option('--top <n>', 'how many fixes to list').default(5).argParser(parseTop))
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (scanId: string, opts) => {
      setCode(await orgCollect(parseScanId(scanId), opts, io));
    });

  command('history')
    .description('list the recorded scans and their trend (from the scan store)')
    .option('--db [store]', `the scan store (default: the embedded store in ${defaultStorePath()})`)
    .addOption(new Option('--account <id>', 'only this account').argParser(parseAccountId))
    .addOption(new Option('--last <n>', 'how many scans').default(20).argParser(parseCount))
    .option('--json', 'print the trend data as JSON')
    .action(async (opts) => {
      setCode(await showHistory(opts, io));
    });

  const tickets = program.command('tickets').description('tickets for findings').configureOutput(usageOutput(io, 'incloud tickets --help'));
  tickets
    .command('sync')
    .description('create, comment, close and reopen tickets from the scan store (tokens from the environment)')
    .configureOutput(usageOutput(io, 'incloud tickets sync --help'))
    .addOption(new Option('--target <system>', 'jira, github or webhook').choices(TARGETS).makeOptionMandatory())
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
    .option('-q, --quiet', 'only the summary line')
    .action(async (opts) => {
      setCode(await ticketsSync(opts, io));
    });

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
