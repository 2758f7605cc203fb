// `incloud scan` (one account, the demo, or an organization) and `incloud evaluate` (a saved
// snapshot, offline).

import { Option } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_CONCURRENCY } from '../collect/limits.js';
import { regionProblem } from '../model/regions.js';
import type { Snapshot } from '../model/snapshot.js';
import { orgContextFor } from '../org/org-context.js';
import { DEFAULT_MEMBER_ROLE } from '../org/targets.js';
import { Progress } from '../util/progress.js';
import { InputError, parseMinutes, parsePositiveInt, parseRegions, parseScanId, parseSeconds, parseUrl } from './args.js';
import { addOutputOptions, type Cli } from './command-setup.js';
import { DEMO_SNAPSHOT, readOrgFacts, readSnapshot } from './inputs.js';
import { checkBaselineAccount, checkStoreServer, exitOnSignal, finish, prepare } from './run.js';

export function addScanCommand({ command, io, setCode }: Cli): void {
  addOutputOptions(command('scan').description('collect the account inventory and report findings'))
    .option('--demo', 'scan the bundled example account (no AWS credentials needed)')
    .option('--profile <name>', 'AWS profile (default credential chain otherwise: env, SSO, profiles, instance role)')
    .option('--role-arn <arn>', 'assume this role for the scan')
    .option('--external-id <id>', 'ExternalId for --role-arn')
    .addOption(new Option('--regions <list>', 'comma-separated regions (default: all enabled regions)').argParser(parseRegions))
    .option('--region <region>', 'home region for global calls', process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1')
    .addOption(new Option('--endpoint-url <url>', 'send every AWS call to this endpoint (emulators)').argParser(parseUrl))
    .addOption(
      new Option(
        '--concurrency <n>',
        'ceiling on AWS requests in flight for the whole scan (each service and Region keeps to its own budget under it)',
      )
        .default(DEFAULT_CONCURRENCY)
        .argParser(parsePositiveInt),
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
        const { orgScan } = await import('./org.js');
        setCode(await orgScan(opts, io));
        return;
      }
      const orgOnly = ['accounts', 'excludeAccounts', 'ou', 'memberRole', 'queue', 'scanId'].find((k) => opts[k] !== undefined);
      if (orgOnly) throw new InputError(`--${orgOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --org`);
      if (opts.externalId && !opts.roleArn) throw new InputError('--external-id needs --role-arn, --org or --accounts-file');
      if (opts.demo) {
        const prepared = prepare(opts);
        await checkStoreServer(opts.db);
        const snapshot = readSnapshot(DEMO_SNAPSHOT);
        log(`demo: scanning the bundled example account ${snapshot.account.id} (no AWS calls)`);
        setCode(await finish(snapshot, opts, prepared, log, true, io));
        return;
      }
      const homeProblem = regionProblem([opts.region]) ?? (opts.regions ? regionProblem([opts.region, ...opts.regions]) : undefined);
      if (homeProblem) throw new InputError(`--region ${opts.region}: ${homeProblem}`);
      const prepared = prepare(opts);
      await checkStoreServer(opts.db);
      const startedAt = performance.now();
      const progress = new Progress(opts.quiet ? 'off' : io.isTTY ? 'tty' : 'plain', io.stream);
      const stopOnSignal = exitOnSignal(io, resolve(opts.out), progress);
      let result;
      try {
        // Loaded here, not at the top: the AWS SDK takes about a second to load, and the commands
        // that never call AWS (history, tickets, evaluate, diff, --help) should not wait for it.
        const { collect } = await import('../collect/index.js');
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
}

export function addEvaluateCommand({ command, io, setCode }: Cli): void {
  addOutputOptions(
    command('evaluate')
      .description('re-evaluate a saved snapshot offline')
      .argument('<snapshot>', 'snapshot.json from an earlier scan')
      .option(
        '--organization <file>',
        "organization.json from an organization scan: evaluate with the organization's SCPs, RCPs and accounts",
      ),
  ).action(async (file: string, opts) => {
    const snapshot = readSnapshot(file);
    const prepared = prepare(opts);
    await checkStoreServer(opts.db);
    setCode(await finish(withOrganization(snapshot, opts.organization), opts, prepared, opts.quiet ? () => {} : io.err, false, io));
  });
}

/** The snapshot with its account's view of the organization in organization.json, when one is given. */
function withOrganization(snapshot: Snapshot, file: string | undefined): Snapshot {
  if (!file) return snapshot;
  const organization = orgContextFor(readOrgFacts(file), snapshot.account.id);
  if (!organization) throw new InputError(`${file}: account ${snapshot.account.id} is not an account of this organization`);
  return { ...snapshot, organization };
}
