// Input files are validated against their JSON Schemas: a wrong shape is refused with one
// line naming the file, the place inside it and what was expected, and never half-used.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/cli.js';
import { ConfigError, loadConfig, loadSlaPolicy } from '../../src/engine/config.js';
import { parseSuppressions, SuppressionError } from '../../src/engine/suppress.js';
import { DEMO_SNAPSHOT } from '../../src/cli.js';
import { runCli } from '../e2e/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'incloud-inputs-'));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('config files', () => {
  it.each([
    ['null', null, /\(top level\): must be object/],
    [
      'settings without the checks key',
      { authorizedTcpPorts: [443] },
      /\(top level\): (needs "checks", or "sla"|unknown key "authorizedTcpPorts")/,
    ],
    ['an empty config', {}, /\(top level\): needs "checks", or "sla"/],
    ['an SLA of zero days', { sla: { critical: 0 } }, /\/sla\/critical: must be >= 1/],
    ['an SLA for an unknown severity', { sla: { urgent: 3 } }, /\/sla: unknown key "urgent"/],
    ['string region list', { checks: { trustedAccounts: '444455556666' } }, /\/checks\/trustedAccounts: must be array/],
    ['bad account id', { checks: { trustedAccounts: ['4444'] } }, /\/checks\/trustedAccounts\/0: "4444" is not a valid value/],
    ['port out of range', { checks: { authorizedTcpPorts: [70000] } }, /\/checks\/authorizedTcpPorts\/0: must be <= 65535/],
    ['unknown setting', { checks: { sshPorts: [22] } }, /\/checks: unknown key "sshPorts"/],
    ['negative days', { checks: { keyRotationDays: -1 } }, /\/checks\/keyRotationDays: must be >= 0/],
  ])('refuses %s', (_name, content, message) => {
    const p = file('config.json', content);
    expect(() => loadConfig(p)).toThrow(ConfigError);
    expect(() => loadConfig(p)).toThrow(message);
    expect(() => loadConfig(p)).toThrow(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a valid config file`));
  });

  it('accepts the documented shape and keeps defaults for the rest', () => {
    const c = loadConfig(file('ok.json', { checks: { authorizedTcpPorts: [443], trustedAccounts: ['444455556666'] } }));
    expect(c.authorizedTcpPorts).toEqual([443]);
    expect(c.keyRotationDays).toBe(90);
  });

  it('reads the SLA policy over the defaults; null means no deadline', () => {
    const p = file('sla.json', { sla: { critical: 3, info: null, low: null } });
    expect(loadSlaPolicy(p)).toEqual({ critical: 3, high: 30, medium: 90, low: null, info: null });
    expect(loadConfig(p).keyRotationDays).toBe(90);
  });
});

describe('suppression files', () => {
  const entry = { fingerprint: '9a9bfac9d7c1de133bd52239b3f03320', reason: 'accepted', expires: '2027-03-31' };
  it.each([
    ['a date that does not exist', { ...entry, expires: '2027-02-30' }, /\/suppressions\/0\/expires: "2027-02-30" is not a valid date/],
    ['a US-style date', { ...entry, expires: '12/31/2027' }, /\/suppressions\/0\/expires: "12\/31\/2027" is not a valid value/],
    ['no reason', { fingerprint: entry.fingerprint, expires: entry.expires }, /\/suppressions\/0: missing "reason"/],
    ['a blank reason', { ...entry, reason: '  ' }, /\/suppressions\/0\/reason/],
    [
      'neither fingerprint nor check and resource',
      { reason: 'x', expires: '2027-01-01', checkId: 's3.x' },
      /\/suppressions\/0: needs "fingerprint", or "checkId" with "resource"/,
    ],
    ['an unknown key', { ...entry, until: '2027-01-01' }, /unknown key "until"/],
  ])('refuses %s', (_name, e, message) => {
    expect(() => parseSuppressions(JSON.stringify({ suppressions: [e] }), 'supp.json')).toThrow(SuppressionError);
    expect(() => parseSuppressions(JSON.stringify({ suppressions: [e] }), 'supp.json')).toThrow(message);
  });

  it('refuses a bare list and accepts the documented object', () => {
    expect(() => parseSuppressions(JSON.stringify([entry]), 'supp.json')).toThrow(/\(top level\): must be object/);
    expect(parseSuppressions(JSON.stringify({ suppressions: [entry] }))).toHaveLength(1);
  });
});

describe('snapshots', () => {
  const demo = () => JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8'));

  it.each([
    [
      'security groups that are a string',
      (s: any) => {
        s.ec2['us-east-1'].securityGroups = { state: 'ok', value: 'sg-1' };
      },
      /\/ec2\/us-east-1\/securityGroups\/value: must be array/,
    ],
    [
      'a section with an unknown state',
      (s: any) => {
        s.s3.buckets = { state: 'fine', value: [] };
      },
      /\/s3\/buckets: value of tag "state" must be in oneOf/,
    ],
    [
      'an ingress rule without sources',
      (s: any) => {
        delete s.ec2['us-east-1'].securityGroups.value[0].ingress;
      },
      /missing "ingress"/,
    ],
    [
      'a credential report row without MFA state',
      (s: any) => {
        delete s.iam.credentialReport.value.rows[0].mfaActive;
      },
      /missing "mfaActive"/,
    ],
    [
      'a missing IAM section',
      (s: any) => {
        delete s.iam;
      },
      /\(top level\): missing "iam"/,
    ],
  ])('refuses %s: the checks never run on it', (_name, corrupt, message) => {
    const s = demo();
    corrupt(s);
    const p = file('snap.json', s);
    expect(() => readSnapshot(p)).toThrow(message);
  });

  it('the bundled demo snapshot is valid', () => {
    expect(readSnapshot(DEMO_SNAPSHOT).account.id).toMatch(/^\d{12}$/);
  });

  it('a corrupted snapshot is exit 2 with one line, and writes nothing', async () => {
    const s = demo();
    s.ec2['us-east-1'].securityGroups = { state: 'ok', value: 'sg-1' };
    const out = join(dir, 'out');
    const res = await runCli(['evaluate', file('bad-snap.json', s), '--out', out]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/bad-snap\.json: not a valid snapshot file: \/ec2\/us-east-1\/securityGroups\/value: must be array/);
  });
});
