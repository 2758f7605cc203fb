import { describe, expect, it } from 'vitest';
import { ageDays, coverageOf, slaOf } from '../../src/engine/lifecycle.js';
import { DEFAULT_SLA } from '../../src/model/sla.js';
import { jobIdFor } from '../../src/org/queue.js';
import { parseQueueUrl, QueueError, redactUrl } from '../../src/org/queue-url.js';
import { redactDbUrl } from '../../src/store/database.js';
import { reportOf } from '../helpers/reports.js';

describe('SLA and age', () => {
  const opened = '2026-11-01T00:00:00.000Z';
  it.each([
    ['critical', '2026-11-03T00:00:00.000Z', 'within'],
    ['critical', '2026-11-06T12:00:00.000Z', 'within'],
    ['critical', '2026-11-07T00:00:00.000Z', 'due-soon'],
    ['critical', '2026-11-08T00:00:00.000Z', 'due-soon'],
    ['critical', '2026-11-08T00:00:01.000Z', 'overdue'],
    ['high', '2026-11-20T00:00:00.000Z', 'within'],
    ['high', '2026-11-26T00:00:00.000Z', 'due-soon'],
    ['info', '2027-11-01T00:00:00.000Z', 'none'],
  ] as const)('%s open since Nov 1, at %s: %s', (severity, now, state) => {
    expect(slaOf(severity, opened, now, DEFAULT_SLA).state).toBe(state);
  });
  it('the due date is the open time plus the allowed days; age never goes negative', () => {
    expect(slaOf('high', opened, opened, DEFAULT_SLA)).toEqual({ state: 'within', days: 30, dueAt: '2026-12-01T00:00:00.000Z' });
    expect(ageDays(opened, '2026-11-11T23:00:00.000Z')).toBe(10);
    expect(ageDays(opened, '2026-10-01T00:00:00.000Z')).toBe(0);
  });
});

describe('what a report assessed', () => {
  const arn = (n: string, r = 'us-east-1') => `arn:aws:ec2:${r}:111122223333:security-group/${n}`;
  it('a check that ran on a scanned region with no gap assessed the resource', () => {
    const covered = coverageOf(
      reportOf({
        at: '2026-11-01T00:00:00.000Z',
        findings: [],
        checks: ['ec2.a', 'ec2.b', 'iam.c'],
        regions: ['us-east-1', 'eu-west-1'],
        notAssessed: [
          { checkId: 'ec2.a', name: 'sg-denied' },
          { checkId: 'ec2.b', account: true, region: 'eu-west-1' },
          { checkId: 'iam.c', account: true },
        ],
      }),
    );
    expect(covered('ec2.a', arn('sg-1'), 'us-east-1')).toBe(true);
    expect(covered('ec2.a', arn('sg-denied'), 'us-east-1')).toBe(false);
    expect(covered('ec2.a', arn('sg-1', 'ap-south-1'), 'ap-south-1')).toBe(false);
    expect(covered('ec2.b', arn('sg-1', 'eu-west-1'), 'eu-west-1')).toBe(false);
    expect(covered('ec2.b', arn('sg-1'), 'us-east-1')).toBe(true);
    expect(covered('iam.c', 'arn:aws:iam::111122223333:user/x', 'global')).toBe(false);
    expect(covered('ec2.zzz', arn('sg-1'), 'us-east-1')).toBe(false);
  });
});

describe('queue and store URLs', () => {
  it('job ids are deterministic and free of ":", URLs are shown without credentials', () => {
    expect(jobIdFor('20261130T062826Z-608360', '123456789012')).toBe('20261130T062826Z-608360_123456789012');
    expect(redactUrl('redis://user:s3cret@redis.internal:6379/2')).toBe('redis://redis.internal:6379/2');
    expect(redactDbUrl('postgres://incloud:s3cret@db:5432/x')).toBe('postgres://incloud@db:5432/x');
    expect(parseQueueUrl('rediss://h:6380')).toBe('rediss://h:6380');
    expect(() => parseQueueUrl('http://h')).toThrow(QueueError);
    expect(() => parseQueueUrl('not a url')).toThrow('--queue not a url: not a URL (use redis://HOST:PORT)');
  });
});
