// The scan store: records each scan of an account, moves every finding's lifecycle on (see
// src/engine/lifecycle.ts), and answers the history questions: trend over the last scans,
// mean time to remediate per duty, the scans of an account, and the findings tickets follow.

import { nextLifecycle, type FindingContext, type LifecycleRow, type ScanEvent } from '../engine/lifecycle.js';
import type { SlaPolicy } from '../model/sla.js';
import type { Report, Severity } from '../model/findings.js';
import { atOrAboveSeverities, zeroSeverities } from '../model/severity.js';
import type { MttrRow, TicketLink, TrendPoint } from '../model/scan-history.js';
import type { StoredFinding, TrackedTicket } from './records.js';
import { embeddedFolder, openDatabase, StoreError, type Database, type Sql } from './database.js';
import { migrate } from './migrations.js';
import { holdsEmbeddedStore } from './store-spec.js';
import { saveTicket, ticketLinksOf, trackedTickets } from './ticket-records.js';
import { mttrOf, orgScansOf, scanGroupsOf, trendOf } from './trend-queries.js';

export interface Recorded {
  scanId: number;
  /** Every finding of the account after this scan, by fingerprint. */
  rows: Map<string, LifecycleRow>;
  /** collectedAt of the latest complete scan before this one. */
  previousComplete?: string;
  /** collectedAt of the latest scan before this one, complete or not. */
  previous?: string;
  trend: TrendPoint;
  alreadyRecorded: boolean;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

interface FindingRecord {
  fingerprint: string;
  check_id: string;
  title: string;
  resource_arn: string;
  resource_name: string;
  region: string;
  severity: Severity;
  duties: string[];
  status: LifecycleRow['status'];
  first_seen: unknown;
  open_since: unknown;
  last_seen: unknown;
  resolved_at: unknown;
  unverified_since: unknown;
  reopen_count: number;
  evidence_hash: string;
  witness: string | null;
  ticket_context: FindingContext | null;
}

export const rowFromRecord = (r: FindingRecord): LifecycleRow => ({
  fingerprint: r.fingerprint,
  checkId: r.check_id,
  title: r.title,
  resourceArn: r.resource_arn,
  resourceName: r.resource_name,
  region: r.region,
  severity: r.severity,
  duties: r.duties,
  status: r.status,
  firstSeen: iso(r.first_seen),
  openSince: iso(r.open_since),
  lastSeen: iso(r.last_seen),
  resolvedAt: isoOrNull(r.resolved_at),
  unverifiedSince: isoOrNull(r.unverified_since),
  reopenCount: Number(r.reopen_count),
  evidenceHash: r.evidence_hash,
  witness: r.witness ?? null,
  context: r.ticket_context ?? null,
});

function countsOf(
  events: { severity: Severity; event: ScanEvent }[],
): Omit<TrendPoint, 'scanId' | 'accountId' | 'collectedAt' | 'complete'> {
  const t = { open: zeroSeverities(), new: 0, resolved: 0, reopened: 0, unverified: 0, suppressed: 0 };
  for (const e of events) {
    if (e.event === 'new' || e.event === 'open' || e.event === 'reopened' || e.event === 'unverified') t.open[e.severity]++;
    if (e.event === 'new') t.new++;
    else if (e.event === 'resolved') t.resolved++;
    else if (e.event === 'reopened') t.reopened++;
    else if (e.event === 'unverified') t.unverified++;
    else if (e.event === 'suppressed') t.suppressed++;
  }
  return t;
}

/** Inserts many rows with one statement per 5,000: $1 is `key`, $2 the rows as one JSON document. */
async function insertJson(tx: Sql, sql: string, key: unknown, rows: unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) await tx.query(sql, [key, JSON.stringify(rows.slice(i, i + 5000))]);
}

/** Upserts the lifecycle rows of an account. */
async function saveRows(tx: Sql, accountId: string, rows: LifecycleRow[]): Promise<void> {
  await insertJson(
    tx,
    `insert into findings (account_id, fingerprint, check_id, title, resource_arn, resource_name, region, severity, duties, status,
       first_seen, open_since, last_seen, resolved_at, unverified_since, reopen_count, evidence_hash, witness, ticket_context)
     select $1, x.fingerprint, x.check_id, x.title, x.resource_arn, x.resource_name, x.region, x.severity,
       array(select jsonb_array_elements_text(x.duties)), x.status, x.first_seen, x.open_since, x.last_seen, x.resolved_at,
       x.unverified_since, x.reopen_count, x.evidence_hash, x.witness, x.ticket_context
     from jsonb_to_recordset($2::jsonb) as x(fingerprint text, check_id text, title text, resource_arn text, resource_name text,
       region text, severity text, duties jsonb, status text, first_seen timestamptz, open_since timestamptz, last_seen timestamptz,
       resolved_at timestamptz, unverified_since timestamptz, reopen_count integer, evidence_hash text, witness text,
       ticket_context jsonb)
     on conflict (account_id, fingerprint) do update set
       check_id = excluded.check_id, title = excluded.title, resource_arn = excluded.resource_arn,
       resource_name = excluded.resource_name, region = excluded.region, severity = excluded.severity, duties = excluded.duties,
       status = excluded.status, first_seen = excluded.first_seen, open_since = excluded.open_since, last_seen = excluded.last_seen,
       resolved_at = excluded.resolved_at, unverified_since = excluded.unverified_since, reopen_count = excluded.reopen_count,
       evidence_hash = excluded.evidence_hash, witness = excluded.witness, ticket_context = excluded.ticket_context`,
    accountId,
    rows.map((r) => ({
      fingerprint: r.fingerprint,
      check_id: r.checkId,
      title: r.title,
      resource_arn: r.resourceArn,
      resource_name: r.resourceName,
      region: r.region,
      severity: r.severity,
      duties: r.duties,
      status: r.status,
      first_seen: r.firstSeen,
      open_since: r.openSince,
      last_seen: r.lastSeen,
      resolved_at: r.resolvedAt,
      unverified_since: r.unverifiedSince,
      reopen_count: r.reopenCount,
      evidence_hash: r.evidenceHash,
      witness: r.witness,
      ticket_context: r.context ?? null,
    })),
  );
}

export class ScanStore {
  private constructor(readonly db: Database) {}

  /** Opens (and creates or migrates) the store; see openDatabase for `spec`. */
  static async open(spec?: string, o: { waiting?: (pid: number) => void; existing?: boolean } = {}): Promise<ScanStore> {
    const folder = embeddedFolder(spec);
    if (o.existing && folder && !holdsEmbeddedStore(folder))
      throw new StoreError(`no scan store in ${folder} (record scans into it with "incloud scan --db ${folder}")`);
    const db = await openDatabase(spec, o);
    try {
      await migrate(db);
    } catch (err) {
      await db.close().catch(() => {});
      if (err instanceof StoreError) throw err;
      throw new StoreError(`cannot prepare the scan store ${db.where}: ${(err as Error).message.split('\n')[0]}`);
    }
    return new ScanStore(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** This database's own id, made once when it was created: two URLs may name one database. */
  async identity(): Promise<string> {
    const [row] = await this.db.query<{ id: string }>('select id from store_identity');
    if (!row) throw new StoreError(`the scan store ${this.db.where} has no identity row`);
    return row.id;
  }

  async findings(accountId: string, tx: Sql = this.db): Promise<Map<string, LifecycleRow>> {
    const rows = await tx.query<FindingRecord>('select * from findings where account_id = $1', [accountId]);
    return new Map(rows.map((r) => [r.fingerprint, rowFromRecord(r)]));
  }

  /**
   * Records one account report. Scans are recorded in the order they were collected: an older
   * one than the newest recorded would rewrite history backwards and is refused. Recording the
   * same scan twice changes nothing.
   */
  async record(report: Report, orgScanId?: string, sla?: SlaPolicy): Promise<Recorded> {
    const accountId = report.scan.accountId;
    const collectedAt = report.scan.collectedAt;
    return this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`incloud:${accountId}`]);
      // One pass over the account's scans: the newest before this one, complete or not, and the newest of all.
      const [times] = await tx.query<{ previous_complete: unknown; previous: unknown; newest: unknown }>(
        `select max(collected_at) filter (where complete and collected_at < $2) as previous_complete,
           max(collected_at) filter (where collected_at < $2) as previous, max(collected_at) as newest
         from scans where account_id = $1`,
        [accountId, collectedAt],
      );
      const before = {
        ...(times?.previous_complete ? { previousComplete: iso(times.previous_complete) } : {}),
        ...(times?.previous ? { previous: iso(times.previous) } : {}),
      };
      const existing = await tx.query<{ id: string; trend: Omit<TrendPoint, 'scanId'> }>(
        'select id, trend from scans where account_id = $1 and collected_at = $2',
        [accountId, collectedAt],
      );
      if (existing[0]) {
        return {
          scanId: Number(existing[0].id),
          rows: await this.findings(accountId, tx),
          ...before,
          trend: { ...existing[0].trend, scanId: Number(existing[0].id) },
          alreadyRecorded: true,
        };
      }
      const newest = times?.newest;
      if (newest && Date.parse(iso(newest)) > Date.parse(collectedAt))
        throw new StoreError(
          `this scan of ${accountId} was collected at ${collectedAt}, before the newest one in the store (${iso(newest)}); scans are recorded in order`,
        );
      const previous = await this.findings(accountId, tx);
      const step = nextLifecycle(previous, report, sla);
      // The account's first recorded scan is its baseline: what it finds was there before, not new.
      const baseline = !times?.previous;
      const counts = { ...countsOf(step.events), ...(baseline ? { new: 0, baseline: true } : {}) };
      const compliance = (report.compliance ?? []).map((f) => ({
        key: f.key,
        score: f.summary.score,
        pass: f.summary.pass,
        fail: f.summary.fail,
      }));
      const trendBase = {
        accountId,
        ...(report.organizationMember ? { accountName: report.organizationMember.accountName } : {}),
        ...(orgScanId ? { orgScanId } : {}),
        collectedAt,
        complete: report.scan.complete,
        ...counts,
        ...(compliance.length ? { compliance } : {}),
      };
      const [{ id }] = (await tx.query<{ id: string }>(
        `insert into scans (account_id, collected_at, org_scan_id, regions, complete, tool_version, summary, trend)
         values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) returning id`,
        [
          accountId,
          collectedAt,
          orgScanId ?? null,
          report.scan.regions,
          report.scan.complete,
          report.tool.version,
          JSON.stringify(report.summary),
          JSON.stringify(trendBase),
        ],
      )) as [{ id: string }];
      const scanId = Number(id);
      await saveRows(tx, accountId, step.rows);
      await insertJson(
        tx,
        `insert into scan_events (scan_id, fingerprint, severity, event)
         select $1, x.fingerprint, x.severity, x.event from jsonb_to_recordset($2::jsonb) as x(fingerprint text, severity text, event text)`,
        scanId,
        step.events,
      );
      await insertJson(
        tx,
        `insert into scan_checks (scan_id, check_id, failed, passed, not_assessed)
         select $1, x.id, x.failed, x.passed, x."notAssessed"
         from jsonb_to_recordset($2::jsonb) as x(id text, failed integer, passed integer, "notAssessed" integer)`,
        scanId,
        report.checks,
      );
      await insertJson(
        tx,
        `insert into control_verdicts (scan_id, framework, version, control_id, status)
         select $1, x.framework, x.version, x.id, x.status from jsonb_to_recordset($2::jsonb) as x(framework text, version text, id text, status text)`,
        scanId,
        (report.compliance ?? []).flatMap((f) =>
          f.controls.map((c) => ({ framework: f.framework, version: f.version, id: c.id, status: c.status })),
        ),
      );
      await insertJson(
        tx,
        `insert into scan_suppressions (scan_id, fingerprint, reason, expires, by_whom)
         select $1, x.fingerprint, x.reason, x.expires, x.by from jsonb_to_recordset($2::jsonb) as x(fingerprint text, reason text, expires text, by text)`,
        scanId,
        report.suppressedFindings.map((f) => ({ fingerprint: f.fingerprint, ...f.suppressed })),
      );
      const rows = new Map(previous);
      for (const r of step.rows) rows.set(r.fingerprint, r);
      return {
        scanId,
        rows,
        ...before,
        trend: { scanId, ...trendBase },
        alreadyRecorded: false,
      };
    });
  }

  /** The last `last` scans of an account (or of every account), oldest first. */
  trend(accountId: string | undefined, last: number): Promise<TrendPoint[]> {
    return trendOf(this.db, accountId, last);
  }

  /** The scans of the last `last` scan groups (an organization scan's account scans are one group), oldest first. */
  scanGroups(accountId: string | undefined, last: number): Promise<TrendPoint[]> {
    return scanGroupsOf(this.db, accountId, last);
  }

  /** The account scans of the last `last` organization scans that covered any of these accounts. */
  orgScans(accountIds: string[], last: number): Promise<TrendPoint[]> {
    return orgScansOf(this.db, accountIds, last);
  }

  /** Mean time to remediate per duty, over every resolved finding of the account. */
  mttr(accountId: string): Promise<MttrRow[]> {
    return mttrOf(this.db, accountId);
  }

  /** Open (and unknown) findings at or above a severity, for ticket sync. */
  openFindings(minSeverity: Severity, accountId?: string): Promise<StoredFinding[]> {
    return this.findingsIn(['open', 'unknown'], minSeverity, accountId);
  }

  /** Findings in these states at or above a severity, by account and fingerprint. */
  async findingsIn(statuses: LifecycleRow['status'][], minSeverity: Severity, accountId?: string): Promise<StoredFinding[]> {
    const severities = atOrAboveSeverities(minSeverity);
    const rows = await this.db.query<FindingRecord & { account_id: string }>(
      `select * from findings where status = any($3::text[]) and severity = any($1::text[]) and ($2::text is null or account_id = $2)
       order by account_id, fingerprint`,
      [severities, accountId ?? null, statuses],
    );
    return rows.map((r) => ({ ...rowFromRecord(r), accountId: r.account_id }));
  }

  /** Each finding's suppression as the account's latest scan applied it (reason, expiry, who). */
  async latestSuppressions(accountId?: string): Promise<Map<string, { reason: string; expires: string; by?: string }>> {
    const rows = await this.db.query<{ fingerprint: string; reason: string; expires: string; by_whom: string | null }>(
      `select distinct on (s.account_id, x.fingerprint) x.fingerprint, x.reason, x.expires, x.by_whom
       from scan_suppressions x join scans s on s.id = x.scan_id
       where ($1::text is null or s.account_id = $1) order by s.account_id, x.fingerprint, s.collected_at desc`,
      [accountId ?? null],
    );
    return new Map(rows.map((r) => [r.fingerprint, { reason: r.reason, expires: r.expires, ...(r.by_whom ? { by: r.by_whom } : {}) }]));
  }

  /** Findings by fingerprint in any state (the ticket sync looks up what became of tracked ones). */
  async findingsByFingerprint(fingerprints: string[]): Promise<Map<string, StoredFinding>> {
    if (!fingerprints.length) return new Map();
    const rows = await this.db.query<FindingRecord & { account_id: string }>('select * from findings where fingerprint = any($1::text[])', [
      fingerprints,
    ]);
    return new Map(rows.map((r) => [r.fingerprint, { ...rowFromRecord(r), accountId: r.account_id }]));
  }

  tickets(target: string): Promise<TrackedTicket[]> {
    return trackedTickets(this.db, target);
  }

  /** The ticket of each of the account's findings that a sync tracks (the newest, if several targets do). */
  ticketLinks(accountId: string): Promise<Map<string, TicketLink>> {
    return ticketLinksOf(this.db, accountId);
  }

  saveTicket(target: string, t: TrackedTicket): Promise<void> {
    return saveTicket(this.db, target, t);
  }
}
