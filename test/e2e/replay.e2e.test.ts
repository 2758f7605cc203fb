// The benchmark's replay stand-in (scripts/replay-aws.ts) against moto itself: an organization
// scanned through the recorder (moto answering), then the same organization scanned from the
// recording alone, and a larger one made of copies. Same findings for every account, with its
// own account id, and no request the recording cannot answer.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecorder, startReplay, type Recording } from '../../scripts/replay-aws.js';
import { seedOrganization, type SeededOrg } from '../../scripts/seed-org.js';
import type { OrgReport } from '../../src/model/org-report.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { orgScanArgs, runCli } from './cli.js';

/** Each account's open findings as check, resource name and severity, with the account id taken out. */
function findingsByAccount(report: OrgReport): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of report.findings)
    out.set(f.accountId, [
      ...(out.get(f.accountId) ?? []),
      `${f.checkId} ${f.severity} ${f.resource.name.replaceAll(f.accountId, '<account>')}`,
    ]);
  for (const list of out.values()) list.sort();
  return out;
}

describe.runIf(runE2e)('the replay stand-in answers as moto did', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let org: SeededOrg;
  let recording: Recording;
  let recorded: OrgReport;
  const scan = async (endpoint: string) => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-replay-'));
    const r = await runCli(orgScanArgs(endpoint, out, '--format', 'json'));
    // 3: moto's credential report has no root row, so two root checks are not assessed anywhere.
    expect([0, 1, 3], r.stderr).toContain(r.code);
    return JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;
  };

  beforeAll(async () => {
    moto = await startMoto();
    org = await seedOrganization(moto.endpoint, [
      { name: 'ssh', plant: 'open-ssh' },
      { name: 'bucket', plant: 'public-bucket' },
      { name: 'admin', plant: 'admin-user' },
    ]);
    const recorder = await startRecorder(moto.endpoint, org.managementAccountId);
    try {
      recorded = await scan(recorder.url);
    } finally {
      await recorder.close();
    }
    recording = recorder.recording();
  }, 300_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('records every member it scanned, and the scan through the recorder is complete', () => {
    expect(recording.members).toEqual(org.members.map((m) => m.id).sort());
    expect(recorded.summary.accounts).toMatchObject({ total: 4, 'not-assessed': 0 });
    expect(recorded.findings.length).toBeGreaterThan(3);
  });

  it('an organization of copies, twice the recorded size: every copy has its original findings, under its own id', async () => {
    const replay = await startReplay(recording, 2 * org.members.length);
    try {
      const report = await scan(replay.url);
      expect(replay.stats.missed).toEqual([]);
      expect(report.summary.accounts).toMatchObject({ total: 7, 'not-assessed': 0 });
      const was = findingsByAccount(recorded);
      const now = findingsByAccount(report);
      for (const m of replay.members) {
        expect(now.get(m.id), `copy ${m.id} of ${m.copyOf}`).toEqual(was.get(m.copyOf));
        const [copy, original] = [report.accounts.find((a) => a.id === m.id)!, recorded.accounts.find((a) => a.id === m.copyOf)!];
        expect([copy.ouPath, copy.status, copy.summary?.notAssessed]).toEqual([
          original.ouPath,
          original.status,
          original.summary?.notAssessed,
        ]);
      }
      expect(now.get(org.managementAccountId)).toEqual(was.get(org.managementAccountId));
      expect(
        report.findings.filter((f) => f.accountId !== org.managementAccountId).every((f) => !recording.members.includes(f.accountId)),
      ).toBe(true);
    } finally {
      await replay.close();
    }
  }, 300_000);

  it('a request that was never recorded is a miss, counted, not an answer', async () => {
    const replay = await startReplay({ ...recording, answers: {} }, 1);
    try {
      const out = mkdtempSync(join(tmpdir(), 'incloud-replay-miss-'));
      const r = await runCli(orgScanArgs(replay.url, out, '--format', 'json'));
      expect(r.code).toBe(4);
      expect(replay.stats.misses).toBeGreaterThan(0);
    } finally {
      await replay.close();
    }
  }, 120_000);
});
