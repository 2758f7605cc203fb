// Regenerates examples/demo-snapshot.json: seeds moto with the example account, collects it
// with the real collectors, then fills in what the emulator cannot model (root credentials,
// realistic ages of keys and passwords, SSE-S3 defaults that real S3 always reports).
// Run: npm run build && node dist/scripts/make-demo.js

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../src/version.js';
import { collect } from '../src/collect/index.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { startMoto } from './moto.js';
import { seedAll } from './seed.js';

const COLLECTED = '2026-11-20T09:00:00.000Z';
const ago = (days: number) => new Date(Date.parse(COLLECTED) - days * 86_400_000).toISOString();

export function enrich(s: Snapshot): Snapshot {
  s.source = 'demo';
  s.collectedAt = COLLECTED;
  s.account.principalArn = `arn:aws:sts::${s.account.id}:assumed-role/SecurityAudit/incloud-demo`;
  if (s.iam.credentialReport.state === 'ok') {
    const rows = s.iam.credentialReport.value.rows;
    s.iam.credentialReport.value.generatedAt = COLLECTED;
    for (const r of rows) {
      r.userCreationTime = ago(400);
      if (r.passwordEnabled) {
        r.passwordLastChanged = ago(380);
        r.passwordLastUsed = ago(2);
      }
      r.accessKeys.forEach((k) => {
        if (k.active) {
          k.lastRotated = ago(210);
          k.lastUsedDate = ago(120);
          k.lastUsedService = 'iam';
        }
      });
    }
    rows.unshift({
      user: '<root_account>',
      arn: `arn:aws:iam::${s.account.id}:root`,
      userCreationTime: ago(2000),
      passwordEnabled: null,
      passwordLastUsed: ago(4),
      passwordLastChanged: null,
      mfaActive: false,
      accessKeys: [
        { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null },
        { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null },
      ],
      certs: [
        { active: false, lastRotated: null },
        { active: false, lastRotated: null },
      ],
    });
  }
  if (s.iam.authorizationDetails.state === 'ok') {
    for (const r of s.iam.authorizationDetails.value.roles) {
      r.createDate = ago(500);
      r.lastUsedDate = r.name === 'vendor-audit' ? undefined : ago(3);
    }
    for (const u of s.iam.authorizationDetails.value.users) u.createDate = ago(400);
  }
  if (s.s3.buckets.state === 'ok') {
    for (const b of s.s3.buckets.value) {
      b.createdAt = ago(600);
      // Real S3 has applied SSE-S3 to every bucket since January 2023.
      if (b.encryption.state === 'absent') b.encryption = { state: 'ok', value: [{ algorithm: 'AES256', bucketKeyEnabled: false }] };
    }
  }
  for (const r of Object.values(s.ec2)) {
    if (r.instances.state === 'ok')
      r.instances.value.forEach((i) => {
        i.launchTime = ago(40);
      });
    // The VPC settings the compliance checks read, which the seed does not create: the workload
    // VPC logs its flows and has some endpoints; the default VPC has neither; one launch
    // template hands out public IPs and allows IMDSv1, another does not.
    const workload = r.vpcs.state === 'ok' ? r.vpcs.value.find((v) => !v.isDefault) : undefined;
    if (workload) {
      r.flowLogs = {
        state: 'ok',
        value: [{ id: 'fl-0a1b2c3d4e5f60718', resourceId: workload.id, status: 'ACTIVE', deliverStatus: 'SUCCESS', trafficType: 'ALL' }],
      };
      r.vpcEndpoints = {
        state: 'ok',
        value: ['ec2', 'ssm', 'ssm-contacts', 'ssm-incidents'].map((svc, i) => ({
          id: `vpce-0${i}a1b2c3d4e5f6071`,
          vpcId: workload.id,
          serviceName: `com.amazonaws.us-east-1.${svc}`,
          type: 'Interface',
          state: 'available',
        })),
      };
    }
    r.launchTemplates = {
      state: 'ok',
      value: [
        {
          id: 'lt-0f1e2d3c4b5a69788',
          name: 'web-asg',
          version: 4,
          interfaces: [{ deviceIndex: 0, associatePublicIp: true }],
          metadataHttpTokens: 'optional',
        },
        {
          id: 'lt-01a2b3c4d5e6f7081',
          name: 'batch',
          version: 2,
          interfaces: [{ deviceIndex: 0, associatePublicIp: false }],
          metadataHttpTokens: 'required',
        },
      ],
    };
  }
  return s;
}

async function main() {
  const moto = await startMoto();
  try {
    await seedAll({ endpoint: moto.endpoint });
    process.env.AWS_ACCESS_KEY_ID ??= 'testing';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
    const { snapshot } = await collect({ endpointUrl: moto.endpoint, homeRegion: 'us-east-1', regions: ['us-east-1'] });
    const out = join(PACKAGE_ROOT, 'examples', 'demo-snapshot.json');
    writeFileSync(out, `${JSON.stringify(enrich(snapshot), null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await moto.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
