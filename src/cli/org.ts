// The organization commands after their options are parsed: `scan --org` / `--accounts-file`,
// `worker` and `org collect`.

import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { AwsClients } from '../collect/clients.js';
import { identifyCaller } from '../collect/index.js';
import { listOrganization } from '../collect/organizations.js';
import { checkRedis, ResultStore, submitScan, type JobHistory } from '../org/queue.js';
import { startWorker } from '../org/worker.js';
import { parseQueueUrl, QueueError, redactUrl } from '../org/queue-url.js';
import type { OrgScanPlan } from '../model/org-report.js';
import { runOrgScan, type OrgOutputOptions, type Runner } from '../org/run.js';
import { DEFAULT_MEMBER_ROLE, parseAccountIds, parseOuIds, parseRoleName, readAccountsFile, selectAccounts } from '../org/targets.js';
import { EXIT } from '../pipeline/exit-code.js';
import type { SlaPolicy } from '../model/sla.js';
import { isServerUrl } from '../store/database.js';
import { openStore } from '../store/history-recorder.js';
import type { Io } from '../util/io.js';
import { InputError } from './args.js';
import { checkStoreServer, exitOnSignal, prepare, type OutputOptions } from './run.js';

export interface OrgScanOptions extends OutputOptions {
  org?: boolean;
  demo?: boolean;
  accountsFile?: string;
  accounts?: string;
  excludeAccounts?: string;
  ou?: string;
  memberRole?: string;
  externalId?: string;
  accountConcurrency: number;
  queue?: string;
  scanId?: string;
  redisOutage: number;
  profile?: string;
  roleArn?: string;
  baseline?: string;
  endpointUrl?: string;
  region: string;
  regions?: string[];
  concurrency: number;
  timeout: number;
  deadline?: number;
}

export const newScanId = (now = new Date()): string =>
  `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

/** A malformed --queue is a usage error (exit 2); an unreachable one is not. */
function queueUrl(v: string): string {
  try {
    return parseQueueUrl(v);
  } catch (err) {
    if (err instanceof QueueError) throw new InputError(err.message);
    throw err;
  }
}

/** Flags that make no sense in an organization scan, refused before anything runs. */
function refuseSingleAccountFlags(o: OrgScanOptions): void {
  if (o.org && o.accountsFile) throw new InputError('--org and --accounts-file are two ways to choose accounts: use one');
  if (o.demo) throw new InputError('--demo scans the bundled example account; it cannot be combined with --org or --accounts-file');
  if (o.roleArn) throw new InputError('--role-arn is for one account; an organization scan assumes --member-role in each account');
  if (o.baseline) throw new InputError('--baseline compares one account; compare account reports with "incloud diff"');
  if (o.accountsFile && (o.accounts || o.excludeAccounts || o.ou || o.memberRole))
    throw new InputError('--accounts, --exclude-accounts, --ou and --member-role choose accounts of --org, not of --accounts-file');
}

async function plan(o: OrgScanOptions, scanId: string): Promise<OrgScanPlan> {
  if (o.accountsFile) {
    return { scanId, organization: { source: 'accounts-file' }, targets: readAccountsFile(o.accountsFile), skipped: [] };
  }
  // Every flag is checked before the first AWS call.
  const choice = {
    accounts: o.accounts ? parseAccountIds(o.accounts) : undefined,
    excludeAccounts: o.excludeAccounts ? parseAccountIds(o.excludeAccounts) : undefined,
    ous: o.ou ? parseOuIds(o.ou) : undefined,
    memberRole: parseRoleName(o.memberRole ?? DEFAULT_MEMBER_ROLE),
  };
  const aws = { profile: o.profile, endpointUrl: o.endpointUrl, homeRegion: o.region, concurrency: 4, requestTimeoutMs: o.timeout * 1000 };
  const clients = new AwsClients(aws);
  try {
    const caller = await identifyCaller(aws, clients);
    const listing = await listOrganization(clients);
    const selection = selectAccounts(listing, { ...choice, callerAccountId: caller.accountId, partition: caller.partition });
    return {
      scanId,
      organization: {
        source: 'organizations',
        ...(listing.organizationId ? { id: listing.organizationId } : {}),
        ...(listing.managementAccountId ? { managementAccountId: listing.managementAccountId } : {}),
      },
      facts: {
        ...(listing.organizationId ? { organizationId: listing.organizationId } : {}),
        ...(listing.managementAccountId ? { managementAccountId: listing.managementAccountId } : {}),
        accounts: listing.accounts.map((a) => ({ id: a.id, name: a.name, ouPath: a.ouPath })),
        ...(listing.guardrails ? { guardrails: listing.guardrails } : {}),
      },
      ...selection,
    };
  } finally {
    clients.destroy();
  }
}

export async function orgScan(o: OrgScanOptions, io: Io): Promise<number> {
  refuseSingleAccountFlags(o);
  const prepared = prepare(o);
  await checkStoreServer(o.db);
  const queue = o.queue ? queueUrl(o.queue) : undefined;
  if (queue) await checkRedis(queue);
  const scanId = o.scanId ?? newScanId();
  const p = await plan(o, scanId);
  const log = o.quiet ? () => {} : io.err;
  log(
    `organization scan ${scanId}: ${p.targets.length} account(s) to scan${p.skipped.length ? `, ${p.skipped.length} skipped (${p.skipped.map((s) => `${s.target.accountId}: ${s.reason}`).join('; ')})` : ''}`,
  );
  const settings = {
    scanId,
    homeRegion: o.region,
    regions: o.regions,
    endpointUrl: o.endpointUrl,
    profile: o.profile,
    externalId: o.externalId,
    concurrency: o.concurrency,
    requestTimeoutMs: o.timeout * 1000,
    ...(o.deadline ? { deadline: Date.now() + o.deadline * 60_000 } : {}),
    config: prepared.config,
    suppressions: prepared.suppressions,
    only: prepared.only,
    frameworks: prepared.frameworks,
    ...(p.facts ? { organization: p.facts } : {}),
  };
  const runner: Runner = queue
    ? { mode: 'queue', url: queue, outageMs: o.redisOutage * 1000 }
    : { mode: 'in-process', accountConcurrency: o.accountConcurrency, settings };
  const stop = exitOnSignal(
    io,
    resolve(o.out),
    { finish: () => {} },
    queue
      ? `; the queued jobs go on in the workers: "incloud org collect ${scanId} --queue ${redactUrl(queue)}" writes the report later`
      : 'before the organization report was written; accounts already finished have their reports under accounts/',
  );
  try {
    if (queue) {
      await submitScan(queue, p, settings, await sharedStore(o.db, prepared.sla));
      log(`queued ${p.targets.length} account job(s) for scan ${scanId} on ${redactUrl(queue)}; waiting for workers`);
    }
    return await runOrgScan(p, runner, { ...o, sla: prepared.sla }, io);
  } finally {
    stop();
  }
}

/**
 * With a PostgreSQL --db, the jobs name that database (by its identity) so workers with the same
 * --db record their accounts; an embedded store stays with the coordinator.
 */
async function sharedStore(db: string | true | undefined, sla: SlaPolicy): Promise<JobHistory | undefined> {
  if (typeof db !== 'string' || !isServerUrl(db.trim())) return undefined;
  const store = await openStore(db.trim());
  try {
    return { storeId: await store.identity(), sla };
  } finally {
    await store.close();
  }
}

export async function orgCollect(
  scanId: string,
  o: OrgOutputOptions & { queue: string; wait?: boolean; redisOutage: number },
  io: Io,
): Promise<number> {
  const queue = queueUrl(o.queue);
  prepare({ out: o.out, format: o.format, notify: o.notify });
  await checkRedis(queue);
  const store = new ResultStore(queue);
  let record;
  try {
    record = await store.getScan(scanId);
  } finally {
    store.close();
  }
  if (!record) throw new InputError(`no scan ${scanId} on ${redactUrl(queue)} (wrong id, or older than 14 days)`);
  return runOrgScan(
    record,
    { mode: 'queue', url: queue, outageMs: o.redisOutage * 1000, waitForPending: o.wait ? undefined : false },
    o,
    io,
  );
}

export async function runWorker(
  o: {
    queue: string;
    concurrency: number;
    requestConcurrency: number;
    profile?: string;
    lockDuration: number;
    quiet?: boolean;
    db?: string;
  },
  io: Io,
): Promise<number> {
  const queue = queueUrl(o.queue);
  const db = o.db?.trim();
  if (db !== undefined && !isServerUrl(db))
    throw new InputError(
      `--db ${db}: a worker records only into a PostgreSQL store (postgres://...); an embedded store stays with the coordinator, which records every account into it`,
    );
  await checkRedis(queue);
  const store = db ? await openStore(db) : undefined;
  const log = o.quiet ? () => {} : io.err;
  const w = startWorker(queue, {
    concurrency: o.concurrency,
    requestConcurrency: o.requestConcurrency,
    profile: o.profile,
    lockDurationMs: o.lockDuration * 1000,
    log,
    ...(store ? { store: { store, id: await store.identity() } } : {}),
  });
  log(
    `worker: waiting for account jobs on ${redactUrl(queue)} (${o.concurrency} at a time)${store ? `; records history into ${store.db.where} for scans that use it` : ''}; SIGTERM finishes the current jobs and stops`,
  );
  await new Promise<void>((done) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        io.err(`worker: ${signal} again: stopping now; unfinished jobs go back to the queue when their lock expires`);
        void w.close(true).finally(done);
        return;
      }
      closing = true;
      io.err(`worker: ${signal}: finishing the current job(s), then stopping (send it again to stop at once)`);
      void w.close().finally(done);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await store?.close().catch(() => {});
  return EXIT.OK;
}
