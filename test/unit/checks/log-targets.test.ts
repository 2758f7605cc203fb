// Log-target buckets are exempt from some checks. When another bucket's logging setting could
// not be read, the scan cannot know whether a bucket is a log target: the checks that would
// fail it only for not being one say "not assessed" (found by the fault suite, which saw
// invented findings on the log bucket under faults).

import { describe, expect, it } from 'vitest';
import type { Bucket, Snapshot } from '../../../src/model/snapshot.js';
import { addBucket, bucket, denied, ok } from '../../helpers/builder.js';
import { evaluateFrozen } from '../../helpers/check-tester.js';

const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const EXEMPT = [
  's3.bucket-access-logging-disabled',
  's3.bucket-replication-disabled',
  's3.bucket-default-encryption-not-kms',
  's3.bucket-acl-cross-account-grant',
];

/** A log bucket as AWS's own advice leaves it, and one application bucket logging into it (or not known to). */
const plant = (appLogging: Bucket['logging']) => (s: Snapshot) => {
  addBucket(s, bucket('app', { logging: appLogging }));
  addBucket(
    s,
    bucket('logs', {
      logging: ok({}),
      replication: ok([]),
      encryption: ok([{ algorithm: 'AES256' }]),
      ownership: ok('BucketOwnerPreferred'),
      acl: ok({
        ownerId: 'owner',
        grants: [
          { granteeType: 'CanonicalUser', id: 'owner', permission: 'FULL_CONTROL' },
          { granteeType: 'Group', uri: LOG_DELIVERY, permission: 'WRITE' },
        ],
      }),
    }),
  );
};

const onLogs = (report: ReturnType<typeof evaluateFrozen>, checkId: string) => ({
  findings: report.findings.filter((f) => f.checkId === checkId && f.resource.name === 'logs').length,
  notAssessed: report.notAssessed.filter((n) => n.checkId === checkId && n.resource?.name === 'logs').map((n) => n.reason),
});

describe('log-target exemptions', () => {
  it('a known log target passes all four checks', () => {
    const report = evaluateFrozen(plant(ok({ targetBucket: 'logs' })));
    for (const id of EXEMPT) expect(onLogs(report, id), id).toEqual({ findings: 0, notAssessed: [] });
  });

  it('a bucket no one logs into fails them (the look-alike that proves the exemption is real)', () => {
    const report = evaluateFrozen(plant(ok({})));
    for (const id of EXEMPT) expect(onLogs(report, id).findings, id).toBe(1);
  });

  it('when another bucket logging could not be read: not assessed, naming why, never a finding', () => {
    const report = evaluateFrozen(plant(denied('s3', 'GetBucketLogging')));
    for (const id of EXEMPT) {
      const r = onLogs(report, id);
      expect(r.findings, id).toBe(0);
      expect(r.notAssessed, id).toEqual([expect.stringMatching(/whether another bucket logs into it is unknown \(app: .*denied/)]);
    }
  });

  it('a cross-account grant still fails while the log-delivery grant is in doubt', () => {
    const report = evaluateFrozen((s) => {
      plant(denied('s3', 'GetBucketLogging'))(s);
      const logs = s.s3.buckets.state === 'ok' ? s.s3.buckets.value.find((b) => b.name === 'logs')! : undefined;
      if (logs?.acl.state === 'ok') logs.acl.value.grants.push({ granteeType: 'CanonicalUser', id: 'stranger', permission: 'READ' });
    });
    const finding = report.findings.find((f) => f.checkId === 's3.bucket-acl-cross-account-grant' && f.resource.name === 'logs');
    expect(finding?.evidence.grants).toEqual([{ granteeType: 'CanonicalUser', id: 'stranger', permission: 'READ' }]);
  });
});
