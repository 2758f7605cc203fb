// Scan-store benchmark: records 100 scans of an account with 10,000 findings each (about 2 % of
// them fixed and 2 % new from one scan to the next, a few checks left unassessed now and then)
// into the embedded store (PGlite) and into a throwaway PostgreSQL server, and prints the time
// to record a scan and to answer the trend and MTTR queries. Figures only.
//
//   npm run bench:store -- [scans=100] [findings=10000]

import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresAvailable, startPostgres } from '../scripts/postgres.js';
import type { Finding, Report } from '../src/model/findings.js';
import { ScanStore } from '../src/store/scan-store.js';

const ACCOUNT = '123456789012';
const CHECKS = Array.from({ length: 40 }, (_, i) => `ec2.bench-${i}`);
const SEV = ['critical', 'high', 'medium', 'low', 'info'] as const;

function finding(n: number): Finding {
  const checkId = CHECKS[n % CHECKS.length]!;
  const name = `sg-${n}`;
  return {
    checkId,
    title: `bench check ${checkId}`,
    service: 'ec2',
    severity: SEV[n % SEV.length]!,
    duties: [n % 3 ? 'network' : 'identity'],
    priority: 0,
    score: 1,
    resource: {
      arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/${name}`,
      type: 'AWS::EC2::SecurityGroup',
      name,
      region: 'us-east-1',
      accountId: ACCOUNT,
    },
    fingerprint: createHash('sha256').update(`${checkId}/${name}`).digest('hex').slice(0, 32),
    message: `finding ${n}`,
    evidence: { n },
    exposure: { reach: 1, blast: 1, factors: [] },
    remediation: { summary: '' },
    refs: {},
  };
}

/** Scan i: findings [2%·i, 2%·i + size), so each scan fixes the oldest 2 % and adds 2 % new. */
function scan(i: number, size: number): Report {
  const start = Math.floor(size * 0.02) * i;
  const findings = Array.from({ length: size }, (_, k) => finding(start + k));
  const skipped = i % 10 === 5 ? new Set(CHECKS.slice(0, 2)) : new Set<string>();
  return {
    scan: {
      collectedAt: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(),
      accountId: ACCOUNT,
      regions: ['us-east-1'],
      complete: !skipped.size,
    },
    tool: { version: 'bench' },
    summary: {},
    checks: CHECKS.filter((c) => !skipped.has(c)).map((id) => ({ id, failed: 0, passed: 0, notAssessed: 0 })),
    findings: findings.filter((f) => !skipped.has(f.checkId)),
    suppressedFindings: [],
    notAssessed: [],
  } as unknown as Report;
}

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

async function run(label: string, spec: string, scans: number, size: number): Promise<void> {
  const store = await ScanStore.open(spec);
  try {
    const times: number[] = [];
    for (let i = 0; i < scans; i++) {
      const report = scan(i, size);
      const t = performance.now();
      await store.record(report);
      times.push(performance.now() - t);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const total = times.reduce((a, b) => a + b, 0);
    let t = performance.now();
    const trend20 = await store.trend(ACCOUNT, 20);
    const trend20Ms = ms(t);
    t = performance.now();
    await store.trend(ACCOUNT, 100);
    const trend100Ms = ms(t);
    t = performance.now();
    const mttr = await store.mttr(ACCOUNT);
    const mttrMs = ms(t);
    t = performance.now();
    const open = await store.openFindings('info', ACCOUNT);
    const openMs = ms(t);
    const [{ n }] = (await store.db.query<{ n: string }>('select count(*) as n from findings')) as [{ n: string }];
    const [{ e }] = (await store.db.query<{ e: string }>('select count(*) as e from scan_events')) as [{ e: string }];
    console.log(
      `| ${label} | ${scans} x ${size} | ${(total / 1000).toFixed(1)} s | ${(total / scans).toFixed(0)} ms | ${sorted[Math.floor(scans * 0.95)]!.toFixed(0)} ms | ${trend20Ms} | ${trend100Ms} | ${mttrMs} (${mttr.length} duties) | ${openMs} (${open.length}) | ${n} / ${e} |`,
    );
    if (trend20.length !== Math.min(20, scans)) throw new Error('trend query returned the wrong number of scans');
  } finally {
    await store.close();
  }
}

const [scans = 100, size = 10_000] = process.argv
  .slice(2)
  .filter((a) => /^\d+$/.test(a))
  .map(Number);
console.log(
  '| store | scans x findings | record total | record mean | record p95 | trend (20) | trend (100) | MTTR | open findings | rows: findings / events |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
await run('PGlite (embedded)', mkdtempSync(join(tmpdir(), 'incloud-bench-store-')), scans, size);
if (postgresAvailable()) {
  const pg = await startPostgres();
  try {
    await run('PostgreSQL 15 (local, fsync off)', pg.url, scans, size);
  } finally {
    await pg.stop();
  }
} else console.log('PostgreSQL is not installed: server figures skipped');
