// The scan store, the same suite against a real PostgreSQL 15 server (a throwaway cluster) and
// against the embedded PGlite: migrations, first seen / resolved / unknown / reopened, honest
// resolution, ordering, idempotence, trend and mean time to remediate.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceOf } from '../../src/engine/compliance.js';
import { withHistory } from '../../src/engine/history-annotation.js';
import { orgTrendOf } from '../../src/engine/org-trend.js';
import { loadFrameworks } from '../../src/pipeline/frameworks.js';
import { DEFAULT_SLA } from '../../src/model/sla.js';
import { openDatabase, StoreError } from '../../src/store/database.js';
import { migrate, MIGRATIONS } from '../../src/store/migrations.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { runPostgresTests, startPostgres } from '../helpers/postgres.js';
import { ACCOUNT, fingerprintFor, reportOf } from '../helpers/reports.js';

const fp = (checkId: string, name: string, account = ACCOUNT) => fingerprintFor(checkId, `${account}/${name}`);

interface Backend {
  name: string;
  run: boolean;
  /** A fresh, empty store location for each test. */
  fresh: () => Promise<string>;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

let server: Awaited<ReturnType<typeof startPostgres>> | undefined;
let dbCounter = 0;

const BACKENDS: Backend[] = [
  {
    name: 'PostgreSQL 15 server',
    run: runPostgresTests,
    setup: async () => {
      server = await startPostgres();
    },
    teardown: async () => {
      await server?.stop();
    },
    fresh: async () => {
      const name = `store_${++dbCounter}`;
      const admin = await openDatabase(server!.url);
      await admin.query(`create database ${name}`);
      await admin.close();
      return server!.url.replace(/\/postgres$/, `/${name}`);
    },
  },
  { name: 'PGlite (embedded)', run: true, fresh: async () => mkdtempSync(join(tmpdir(), 'incloud-pglite-')) },
];

for (const backend of BACKENDS) {
  describe.runIf(backend.run)(`scan store on ${backend.name}`, () => {
    beforeAll(async () => backend.setup?.(), 60_000);
    afterAll(async () => backend.teardown?.());

    const withStore = async (fn: (s: ScanStore, where: string) => Promise<void>) => {
      const where = await backend.fresh();
      const s = await ScanStore.open(where);
      try {
        await fn(s, where);
      } finally {
        await s.close();
      }
    };

    it('migrates once, reopens without migrating again, and refuses a store from a newer incloud', async () => {
      const where = await backend.fresh();
      (await ScanStore.open(where)).close();
      const db = await openDatabase(where);
      expect(await migrate(db)).toBe(MIGRATIONS.length);
      const versions = await db.query<{ version: number }>('select version from incloud_schema_migrations order by version');
      expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
      await db.query("insert into incloud_schema_migrations (version, name) values (999, 'future')");
      await db.close();
      await expect(ScanStore.open(where)).rejects.toThrow(/has schema version 999; this incloud knows up to \d+: upgrade incloud/);
    });

    it('first seen, still open, resolved and new across complete scans', async () => {
      await withStore(async (s) => {
        const r1 = reportOf({
          at: '2026-11-01T00:00:00.000Z',
          findings: [
            { checkId: 'ec2.a', name: 'sg-1' },
            { checkId: 'ec2.b', name: 'sg-2' },
          ],
        });
        const first = await s.record(r1);
        expect([...first.rows.values()].map((r) => r.status)).toEqual(['open', 'open']);
        expect(first.trend).toMatchObject({ new: 0, baseline: true, resolved: 0, open: { high: 2 } });
        let r2 = reportOf({
          at: '2026-11-11T00:00:00.000Z',
          findings: [
            { checkId: 'ec2.a', name: 'sg-1' },
            { checkId: 'ec2.a', name: 'sg-3' },
          ],
        });
        const second = await s.record(r2);
        const row = (f: string) => second.rows.get(f)!;
        expect(row(fp('ec2.a', 'sg-1'))).toMatchObject({
          status: 'open',
          firstSeen: '2026-11-01T00:00:00.000Z',
          lastSeen: '2026-11-11T00:00:00.000Z',
        });
        expect(row(fp('ec2.b', 'sg-2'))).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-11T00:00:00.000Z' });
        expect(row(fp('ec2.a', 'sg-3'))).toMatchObject({ status: 'open', firstSeen: '2026-11-11T00:00:00.000Z' });
        expect(second.previousComplete).toBe('2026-11-01T00:00:00.000Z');
        r2 = withHistory(
          r2,
          { store: s.db.kind, scanId: second.scanId, rows: second.rows, previousComplete: second.previousComplete, trend: [], mttr: [] },
          DEFAULT_SLA,
        );
        const byName = Object.fromEntries(r2.findings.map((f) => [f.resource.name, f.history!]));
        expect(byName['sg-1']).toMatchObject({ new: false, ageDays: 10, sla: { state: 'within', days: 30 } });
        expect(byName['sg-3']).toMatchObject({ new: true, ageDays: 0 });
        expect(r2.history!.resolved.map((x) => x.fingerprint)).toEqual([fp('ec2.b', 'sg-2')]);
        expect(await s.mttr(ACCOUNT)).toEqual([{ duty: 'network', days: 10, resolved: 1 }]);
      });
    });

    it('a partial scan closes nothing it did not look at: the finding stays open as unknown', async () => {
      await withStore(async (s) => {
        const open = [
          { checkId: 'ec2.a', name: 'not-run' },
          { checkId: 'ec2.b', name: 'denied' },
          { checkId: 'ec2.b', name: 'eu-sg', region: 'eu-west-1' },
          { checkId: 'iam.c', name: 'whole-account' },
          { checkId: 'ec2.b', name: 'fixed' },
        ];
        await s.record(reportOf({ at: '2026-11-01T00:00:00.000Z', findings: open, regions: ['us-east-1', 'eu-west-1'] }));
        const partial = await s.record(
          reportOf({
            at: '2026-11-02T00:00:00.000Z',
            findings: [],
            checks: ['ec2.b', 'iam.c'],
            regions: ['us-east-1'],
            notAssessed: [
              { checkId: 'ec2.b', name: 'denied' },
              { checkId: 'iam.c', account: true },
            ],
            complete: false,
          }),
        );
        const status = (name: string, check: string) => partial.rows.get(fp(check, name))!.status;
        expect(status('not-run', 'ec2.a')).toBe('unknown');
        expect(status('denied', 'ec2.b')).toBe('unknown');
        expect(status('eu-sg', 'ec2.b')).toBe('unknown');
        expect(status('whole-account', 'iam.c')).toBe('unknown');
        expect(status('fixed', 'ec2.b')).toBe('resolved');
        expect(partial.trend).toMatchObject({ unverified: 4, resolved: 1, open: { high: 4 } });
        const later = await s.record(
          reportOf({
            at: '2026-11-03T00:00:00.000Z',
            findings: [{ checkId: 'ec2.a', name: 'not-run' }],
            regions: ['us-east-1', 'eu-west-1'],
          }),
        );
        expect(later.rows.get(fp('ec2.a', 'not-run'))).toMatchObject({
          status: 'open',
          unverifiedSince: null,
          firstSeen: '2026-11-01T00:00:00.000Z',
        });
        expect(later.rows.get(fp('ec2.b', 'denied'))!.status).toBe('resolved');
        expect(later.previousComplete).toBe('2026-11-01T00:00:00.000Z');
      });
    });

    it('a resolved finding that comes back is reopened: new again, its age counts from the reopening', async () => {
      await withStore(async (s) => {
        const f = [{ checkId: 'ec2.a', name: 'sg-1', severity: 'critical' as const }];
        await s.record(reportOf({ at: '2026-10-01T00:00:00.000Z', findings: f }));
        await s.record(reportOf({ at: '2026-10-05T00:00:00.000Z', findings: [] }));
        let back = reportOf({ at: '2026-10-20T00:00:00.000Z', findings: f });
        const rec = await s.record(back);
        expect(rec.rows.get(fp('ec2.a', 'sg-1'))).toMatchObject({
          status: 'open',
          reopenCount: 1,
          openSince: '2026-10-20T00:00:00.000Z',
          resolvedAt: null,
        });
        expect(rec.trend).toMatchObject({ reopened: 1, new: 0 });
        back = withHistory(
          back,
          { store: s.db.kind, scanId: rec.scanId, rows: rec.rows, previousComplete: rec.previousComplete, trend: [], mttr: [] },
          DEFAULT_SLA,
        );
        expect(back.findings[0]!.history).toMatchObject({ new: true, reopened: true, ageDays: 0, firstSeen: '2026-10-01T00:00:00.000Z' });
        let late = reportOf({ at: '2026-10-30T00:00:00.000Z', findings: f });
        const rec2 = await s.record(late);
        late = withHistory(
          late,
          { store: s.db.kind, scanId: rec2.scanId, rows: rec2.rows, previousComplete: rec2.previousComplete, trend: [], mttr: [] },
          DEFAULT_SLA,
        );
        expect(late.findings[0]!.history).toMatchObject({ ageDays: 10, sla: { state: 'overdue', days: 7 }, new: false });
      });
    });

    it('suppressed findings keep their own status; the trend counts them apart', async () => {
      await withStore(async (s) => {
        const rec = await s.record(
          reportOf({
            at: '2026-11-01T00:00:00.000Z',
            findings: [{ checkId: 'ec2.a', name: 'sg-1' }],
            suppressed: [{ checkId: 'ec2.b', name: 'sg-ok' }],
          }),
        );
        expect(rec.rows.get(fp('ec2.b', 'sg-ok'))!.status).toBe('suppressed');
        expect(rec.trend).toMatchObject({ suppressed: 1, new: 0, baseline: true, open: { high: 1 } });
        const rows = await s.db.query<{ reason: string }>('select reason from scan_suppressions where scan_id = $1', [rec.scanId]);
        expect(rows).toEqual([{ reason: 'accepted' }]);
      });
    });

    it('records scans in order, and the same scan twice only once', async () => {
      await withStore(async (s) => {
        const r = reportOf({ at: '2026-11-05T00:00:00.000Z', findings: [{ checkId: 'ec2.a', name: 'sg-1' }] });
        const a = await s.record(r);
        const b = await s.record(r);
        expect(b).toMatchObject({ scanId: a.scanId, alreadyRecorded: true });
        await expect(s.record(reportOf({ at: '2026-11-01T00:00:00.000Z', findings: [] }))).rejects.toThrow(StoreError);
        expect((await s.trend(ACCOUNT, 10)).map((t) => t.scanId)).toEqual([a.scanId]);
      });
    });

    it("keeps each scan's per-control verdicts and framework scores for the trend", async () => {
      await withStore(async (s) => {
        const fsbp = loadFrameworks().find((f) => f.key === 'fsbp')!;
        const judged = (at: string, failing: boolean) => {
          const r = reportOf({
            at,
            checks: ['iam.root-access-key'],
            findings: failing ? [{ checkId: 'iam.root-access-key', name: 'root' }] : [],
          });
          r.compliance = complianceOf(r, [fsbp]);
          return r;
        };
        await s.record(judged('2026-11-01T00:00:00.000Z', true));
        const second = await s.record(judged('2026-11-02T00:00:00.000Z', false));
        const t = await s.trend(ACCOUNT, 10);
        expect(t.map((p) => p.compliance?.[0]?.fail)).toEqual([1, 0]);
        expect(t[1]!.compliance![0]).toMatchObject({ key: 'fsbp', pass: 1, fail: 0 });
        const rows = await s.db.query<{ status: string; n: string }>(
          "select status, count(*) as n from control_verdicts where scan_id = $1 and control_id = 'IAM.4' group by status",
          [second.scanId],
        );
        expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['pass', 1]]);
        expect(
          Number((await s.db.query<{ n: string }>('select count(*) as n from control_verdicts where scan_id = $1', [second.scanId]))[0]!.n),
        ).toBe(fsbp.controls.length);
      });
    });

    it('the trend lists the last scans oldest first, per account or for all', async () => {
      await withStore(async (s) => {
        for (let d = 1; d <= 5; d++)
          await s.record(
            reportOf({
              at: `2026-11-0${d}T00:00:00.000Z`,
              findings: Array.from({ length: d }, (_, i) => ({ checkId: 'ec2.a', name: `sg-${i}` })),
            }),
          );
        await s.record(reportOf({ at: '2026-11-03T00:00:00.000Z', findings: [], account: '999988887777' }));
        const t = await s.trend(ACCOUNT, 3);
        expect(t.map((p) => [p.collectedAt.slice(0, 10), p.open.high, p.new])).toEqual([
          ['2026-11-03', 3, 1],
          ['2026-11-04', 4, 1],
          ['2026-11-05', 5, 1],
        ]);
        expect((await s.trend(undefined, 100)).map((p) => p.accountId)).toContain('999988887777');
        expect((await s.openFindings('high', ACCOUNT)).length).toBe(5);
        expect(await s.openFindings('critical', ACCOUNT)).toEqual([]);
      });
    });

    it('groups the account scans of an organization scan: a listing never cuts one in half, and the organization trend sums them', async () => {
      await withStore(async (s) => {
        const accounts = ['111111111111', '222222222222', '333333333333'];
        const orgScan = async (id: string, day: number, findings: number) => {
          for (const [k, account] of accounts.entries()) {
            const report = reportOf({
              at: `2026-11-0${day}T00:0${k}:00.000Z`,
              account,
              findings: Array.from({ length: findings + k }, (_, i) => ({ checkId: 'ec2.a', name: `sg-${i}` })),
            });
            report.organizationMember = { accountName: `team-${k}`, ouPath: ['Root'] };
            await s.record(report, id);
          }
        };
        await orgScan('org-a', 1, 2);
        await s.record(reportOf({ at: '2026-11-02T00:00:00.000Z', account: accounts[0], findings: [] }));
        await orgScan('org-b', 3, 3);
        const last2 = await s.scanGroups(undefined, 2);
        expect(last2.map((p) => [p.orgScanId ?? '-', p.accountId, p.accountName ?? '-'])).toEqual([
          ['-', accounts[0], '-'],
          ['org-b', accounts[0], 'team-0'],
          ['org-b', accounts[1], 'team-1'],
          ['org-b', accounts[2], 'team-2'],
        ]);
        expect((await s.scanGroups(accounts[1], 1)).map((p) => p.orgScanId)).toEqual(['org-b']);
        const trend = orgTrendOf(await s.orgScans(accounts.slice(0, 2), 10));
        expect(trend.map((t) => [t.orgScanId, t.accounts.length, t.open.high, t.new, t.reopened, t.baseline ?? false])).toEqual([
          ['org-a', 2, 2 + 3, 0, 0, true],
          // Account 0 resolved its 2 findings on a scan of its own in between: they come back reopened, beside 1 new.
          ['org-b', 2, 3 + 4, 1 + 1, 2, false],
        ]);
        expect(trend[1]!.accounts.map((a) => [a.accountName, a.open, a.new, a.reopened])).toEqual([
          ['team-0', 3, 1, 2],
          ['team-1', 4, 1, 0],
        ]);
      });
    });

    it('an account scanned twice in one organization scan (a retried job on a worker) counts once there, with its latest scan', async () => {
      await withStore(async (s) => {
        const account = '444444444444';
        const scan = (minute: number, findings: number) =>
          reportOf({
            at: `2026-11-09T00:0${minute}:00.000Z`,
            account,
            findings: Array.from({ length: findings }, (_, i) => ({ checkId: 'ec2.a', name: `sg-${i}` })),
          });
        await s.record(scan(1, 2), 'org-r');
        await s.record(scan(2, 3), 'org-r');
        const trend = orgTrendOf(await s.orgScans([account], 10));
        expect(trend.map((t) => [t.orgScanId, t.accounts.length, t.open.high])).toEqual([['org-r', 1, 3]]);
      });
    });
  });
}

describe('scan store errors', () => {
  it('an unreachable server or an unusable folder is one clear StoreError', async () => {
    await expect(openDatabase('postgres://nobody@127.0.0.1:1/x')).rejects.toThrow(
      /cannot connect to the scan store postgres:\/\/nobody@127\.0\.0\.1:1\/x \(ECONNREFUSED/,
    );
    await expect(openDatabase('/proc/incloud-store')).rejects.toThrow(/cannot open the embedded scan store in \/proc\/incloud-store/);
  });
});
