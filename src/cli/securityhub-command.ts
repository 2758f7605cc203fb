// `incloud securityhub sync`: the scan store's findings of one account into AWS Security Hub,
// under the command's own credentials (see src/collect/securityhub.ts and
// deploy/securityhub-sync-policy.json). The only incloud command that writes to AWS.

import { Option } from 'commander';
import { CHECKS } from '../../checks/index.js';
import { productArnOf } from '../../reports/asff.js';
import { classify, errorCode } from '../collect/errors.js';
import type { Severity } from '../model/findings.js';
import { EXIT } from '../pipeline/exit-code.js';
import { partitionOf } from '../model/regions.js';
import { defaultStorePath } from '../store/database.js';
import { dbSpec } from '../store/history-recorder.js';
import { ScanStore } from '../store/scan-store.js';
import { oneLine } from '../util/terminal-text.js';
import { parseAccountId, parseRegions, parseSeverity, parseUrl } from './args.js';
import { usageOutput, type Cli } from './command-setup.js';
import type { Io } from './run.js';
import { planSecurityHub } from './securityhub-plan.js';

export interface SecurityHubSyncOptions {
  db?: string | true;
  region: string[];
  profile?: string;
  endpointUrl?: string;
  account?: string;
  minSeverity: Severity;
  dryRun?: boolean;
  quiet?: boolean;
}

/** One line for an AWS error; credentials and denials are exit 4 like a scan's. */
function awsFailure(io: Io, what: string, err: unknown): number {
  io.err(`incloud: securityhub ${what}: ${errorCode(err)}: ${oneLine((err as Error).message ?? String(err))}`);
  return classify(err) === 'throttled' ? EXIT.INCOMPLETE : EXIT.ABORTED;
}

export async function securityHubSync(o: SecurityHubSyncOptions, io: Io): Promise<number> {
  const log = o.quiet ? () => {} : io.err;
  const region = o.region[0]!;
  const store = await ScanStore.open(dbSpec(o.db ?? true), { existing: true });
  try {
    const { SecurityHubWriter } = await import('../collect/securityhub.js');
    const hub = new SecurityHubWriter({ region, profile: o.profile, endpointUrl: o.endpointUrl });
    let accountId: string;
    try {
      accountId = await hub.accountId();
    } catch (err) {
      return awsFailure(io, 'could not identify the account of these credentials', err);
    }
    if (o.account && o.account !== accountId) {
      io.err(
        `incloud: securityhub: --account ${o.account} but the credentials are of ${accountId}; Security Hub takes an account's findings only from that account`,
      );
      return EXIT.USAGE;
    }
    // --region went through parseRegions, so it is a known region of one partition.
    const productArn = productArnOf(partitionOf(region) ?? 'aws', region, accountId);
    const [findings, suppressions] = await Promise.all([
      store.findingsIn(['open', 'unknown', 'suppressed', 'resolved'], o.minSeverity, accountId),
      store.latestSuppressions(accountId),
    ]);
    let existing;
    try {
      existing = await hub.existing(productArn);
    } catch (err) {
      return awsFailure(io, 'could not read its findings (GetFindings)', err);
    }
    const checkControls = new Map(CHECKS.map((c) => [c.id, c.refs?.controls ?? []]));
    const plan = planSecurityHub({
      findings,
      suppressions,
      existing,
      accountId,
      productArn,
      now: new Date().toISOString(),
      checkControls: (id) => checkControls.get(id) ?? [],
    });
    const summary = `${plan.imports.length} to import (active), ${plan.archives.length} to archive (resolved), ${plan.suppress.length} to mark suppressed, ${plan.settled} already settled`;
    for (const other of plan.otherAccounts)
      log(
        `securityhub: ${other.findings} finding(s) of account ${other.accountId} left out: sync them with that account's credentials (--account ${other.accountId})`,
      );
    if (o.dryRun) {
      io.err(`securityhub (${productArn}): dry run: ${summary}; nothing sent`);
      return EXIT.OK;
    }
    try {
      const imported = await hub.import([...plan.imports, ...plan.archives]);
      const suppressed = await hub.suppress(plan.suppress);
      const failed = [...imported.failed, ...suppressed.failed];
      for (const f of failed.slice(0, 20)) log(`securityhub: ${f.id}: ${oneLine(f.reason)}`);
      io.err(
        `securityhub (${productArn}): ${imported.sent} imported (${plan.archives.length} of them archived), ${suppressed.sent} marked suppressed, ${plan.settled} already settled, ${failed.length} failed`,
      );
      return failed.length ? EXIT.INCOMPLETE : EXIT.OK;
    } catch (err) {
      return awsFailure(io, 'import stopped', err);
    }
  } finally {
    await store.close();
  }
}

export function addSecurityHubCommands({ program, io, setCode }: Cli): void {
  const hub = program.command('securityhub').description('AWS Security Hub').configureOutput(usageOutput(io, 'incloud securityhub --help'));
  hub
    .command('sync')
    .description(
      "import the scan store's findings of one account into Security Hub (the only command that writes to AWS; its own credentials)",
    )
    .configureOutput(usageOutput(io, 'incloud securityhub sync --help'))
    .option('--db [store]', `the scan store (default: the embedded store in ${defaultStorePath()})`)
    .addOption(
      new Option('--region <region>', 'the Security Hub Region (or AWS_REGION)')
        .argParser(parseRegions)
        .env('AWS_REGION')
        .makeOptionMandatory(),
    )
    .option('--profile <name>', "credentials profile for Security Hub (not the scan's)")
    .addOption(new Option('--endpoint-url <url>', 'send the calls to this endpoint (an emulator)').argParser(parseUrl))
    .addOption(new Option('--account <id>', 'expect the credentials to be of this account').argParser(parseAccountId))
    .addOption(new Option('--min-severity <severity>', 'findings at or above this').default('info').argParser(parseSeverity))
    .option('--dry-run', 'read Security Hub and print the plan; write nothing')
    .option('-q, --quiet', 'only the summary line')
    .action(async (opts) => {
      setCode(await securityHubSync(opts, io));
    });
}
