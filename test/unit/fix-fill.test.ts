// Filled fixes: each placeholder takes the finding's own value or the snapshot's, and what stays
// open is named with what to choose and the candidates the snapshot offers.

import { describe, expect, it } from 'vitest';
import { Context } from '../../src/engine/context.js';
import { fillRemediation } from '../../src/engine/fix-fill.js';
import type { ResourceRef } from '../../src/model/findings.js';
import { ACCT, REGION, addBucket, addInstance, bucket, emptySnapshot, push, region } from '../helpers/builder.js';

const instanceRef = (id: string): ResourceRef => ({
  arn: `arn:aws:ec2:${REGION}:${ACCT}:instance/${id}`,
  type: 'AWS::EC2::Instance',
  name: `${id} (web)`,
  region: REGION,
  accountId: ACCT,
});
const fill = (cli: string, evidence: Record<string, unknown>, resource: ResourceRef, s = emptySnapshot()) =>
  fillRemediation({ summary: 'fix it', cli }, { evidence, resource }, new Context(s));

describe('filled fixes', () => {
  it("takes an instance's only network interface and its subnet from the snapshot when the evidence names the instance only", () => {
    const s = emptySnapshot();
    addInstance(s, 'i-1', ['sg-1'], { subnetId: 'subnet-a' });
    const r = fill('attach --network-interface-id <eni-id> --subnet-id <subnet-id> --groups <restricted-sg-id>', {}, instanceRef('i-1'), s);
    expect(r.cli).toBe('attach --network-interface-id eni-i-1 --subnet-id subnet-a --groups <restricted-sg-id>');
    expect(r.choose).toEqual([{ placeholder: 'restricted-sg-id', choose: expect.stringMatching(/security group/) }]);
  });

  it('leaves the interface to choose when the instance has two: no guess', () => {
    const s = emptySnapshot();
    addInstance(s, 'i-2', ['sg-1'], { networkInterfaceIds: ['eni-a', 'eni-b'] });
    const r = fill('x --network-interface-id <eni-id>', {}, instanceRef('i-2'), s);
    expect(r.cli).toBe('x --network-interface-id <eni-id>');
    expect(r.choose?.[0]?.placeholder).toBe('eni-id');
  });

  it("lists a VPC's subnets, builds an MFA device ARN and names an inline policy's owner", () => {
    const s = emptySnapshot();
    push(region(s).subnets, {
      id: 'subnet-b',
      vpcId: 'vpc-9',
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      defaultForAz: false,
    });
    push(region(s).subnets, {
      id: 'subnet-c',
      vpcId: 'vpc-9',
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      defaultForAz: false,
    });
    const vpc: ResourceRef = {
      arn: 'arn:aws:ec2:eu-west-1:1:vpc/vpc-9',
      type: 'AWS::EC2::VPC',
      name: 'vpc-9',
      region: REGION,
      accountId: ACCT,
    };
    expect(fill('--vpc-id <vpc-id> --subnet-ids <subnet-ids>', { vpcId: 'vpc-9' }, vpc, s).cli).toBe(
      '--vpc-id vpc-9 --subnet-ids subnet-b subnet-c',
    );
    const user: ResourceRef = {
      arn: `arn:aws:iam::${ACCT}:user/alice`,
      type: 'AWS::IAM::User',
      name: 'alice',
      region: 'global',
      accountId: ACCT,
    };
    expect(fill('--serial-number <device-arn>', { user: 'alice' }, user).cli).toBe(`--serial-number arn:aws:iam::${ACCT}:mfa/alice`);
    const inline = fill(
      'aws iam delete-<owner-kind>-policy --<owner-kind>-name <owner-name> --policy-name <name>',
      {
        owner: `arn:aws:iam::${ACCT}:role/app/deployer`,
        policies: ['inline-admin'],
      },
      user,
    );
    expect(inline.cli).toBe('aws iam delete-role-policy --role-name deployer --policy-name inline-admin');
  });

  it('offers the log buckets as candidates for a log target, never the bucket itself', () => {
    const s = emptySnapshot();
    for (const name of ['data', 'central-logs', 'old-log-archive']) addBucket(s, bucket(name));
    const ref: ResourceRef = { arn: 'arn:aws:s3:::data', type: 'AWS::S3::Bucket', name: 'data', region: REGION, accountId: ACCT };
    const r = fill('put-bucket-logging --bucket <bucket> --target <log-bucket>', { bucket: 'data' }, ref, s);
    expect(r.cli).toBe('put-bucket-logging --bucket data --target <log-bucket>');
    expect(r.choose).toEqual([{ placeholder: 'log-bucket', choose: expect.any(String), candidates: ['central-logs', 'old-log-archive'] }]);
  });

  it('fills a placeholder without a rule of its own from the evidence key of the same name, and never writes "undefined"', () => {
    const ref = instanceRef('i-3');
    const r = fill('detach --attachment-id <attachment-id> --x <missing-thing>', { attachmentId: 'eni-attach-7' }, ref);
    expect(r.cli).toBe('detach --attachment-id eni-attach-7 --x <missing-thing>');
    expect(r.cli).not.toMatch(/undefined|null/);
    expect(r.choose).toEqual([{ placeholder: 'missing-thing', choose: 'a value for missing-thing' }]);
    expect(fill('no placeholders', {}, ref).choose).toBeUndefined();
  });
});
