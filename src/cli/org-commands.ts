// `incloud worker` (scans queued organization accounts) and `incloud org collect` (the
// organization report of a queued scan).

import { Option } from 'commander';
import { DEFAULT_CONCURRENCY } from '../collect/limits.js';
import { parseFormats, parsePositiveInt, parseScanId, parseSeconds, parseSeverity, parseTop } from './args.js';
import { usageOutput, type Cli } from './command-setup.js';

export function addWorkerCommand({ command, io, setCode }: Cli): void {
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
    .option(
      '--db <postgres-url>',
      "record each account's history into this PostgreSQL store when it is the coordinator's --db (the coordinator records the rest)",
    )
    .addOption(
      new Option('--lock-duration <seconds>', 'a job of a worker that died is taken over after this long')
        .default(30)
        .argParser(parseSeconds),
    )
    .option('-q, --quiet', 'no per-job lines')
    .action(async (opts) => {
      const { runWorker } = await import('./org.js');
      setCode(await runWorker(opts, io));
    });
}

export function addOrgCommands({ program, io, setCode }: Cli): void {
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
      const { orgCollect } = await import('./org.js');
      setCode(await orgCollect(parseScanId(scanId), opts, io));
    });
}
