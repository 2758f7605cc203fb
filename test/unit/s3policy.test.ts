import { describe, expect, it } from 'vitest';
import { analyzeBucketPolicy } from '../../src/policy/s3policy.js';

const B = 'arn:aws:s3:::b';
const pol = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const read = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `${B}/*`,
  ...extra,
});

describe('S3 "public" follows AWS\'s definition', () => {
  it.each([
    ['Principal *', read(), true],
    ['Principal AWS *', read({ Principal: { AWS: '*' } }), true],
    ['arn:aws:iam::*:root', read({ Principal: { AWS: 'arn:aws:iam::*:root' } }), true],
    ['NotPrincipal with Allow', read({ Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }), true],
    ['aws:SourceVpce fixed', read({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }), false],
    ['aws:PrincipalOrgID fixed', read({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }), false],
    ['aws:SourceIp private /16', read({ Condition: { IpAddress: { 'aws:SourceIp': ['10.1.0.0/16'] } } }), false],
    ['aws:SourceIp /0 is public', read({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }), true],
    ['wildcard condition value is public', read({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } }), true],
    ['policy variable is public', read({ Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } }), true],
    ['unrelated condition stays public', read({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), true],
    ['NotIpAddress is public', read({ Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), true],
  ])('%s', (_n, stmt, isPublic) => {
    expect(analyzeBucketPolicy(pol(stmt), B, '111122223333').publicRead.length > 0).toBe(isPublic);
  });

  it('splits read from write', () => {
    const a = analyzeBucketPolicy(pol(read({ Action: ['s3:Put*'] })), B, '1');
    expect(a.publicRead).toEqual([]);
    expect(a.publicWrite[0]!.actions).toContain('s3:PutObject');
  });

  describe('a Deny on everyone is a mitigation only for the callers it refuses', () => {
    const denyUnless = (condition: unknown, Action: string | string[] = 's3:*') =>
      analyzeBucketPolicy(
        pol(read(), { Sid: 'Guard', Effect: 'Deny', Principal: '*', Action, Resource: `${B}/*`, Condition: condition }),
        B,
        '1',
      );
    it.each([
      ['a VPC endpoint pin refuses every outside caller', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, 'blocked'],
      ['an organization pin refuses every outside caller', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-mine12345' } }, 'blocked'],
      ['an account pin refuses every outside caller', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }, 'blocked'],
      ['"unless the caller is anonymous" exempts anonymous callers', { StringNotEquals: { 'aws:userid': 'anonymous' } }, 'exempts'],
      [
        '"unless signed in" (Null userid) leaves no one out: anonymous requests carry aws:userid',
        { Null: { 'aws:userid': 'true' } },
        'exempts',
      ],
      ['a source IP pin depends on where the caller is', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, 'guard'],
      ['a TLS rule says nothing about who calls', { Bool: { 'aws:SecureTransport': 'false' } }, 'none'],
    ])('%s', (_name, condition, expected) => {
      const a = denyUnless(condition);
      expect(Boolean(a.publicDeny.read.blocked)).toBe(expected === 'blocked');
      expect(Boolean(a.publicDeny.read.exempts)).toBe(expected === 'exempts');
      expect(Boolean(a.denyGuard)).toBe(expected === 'guard');
      if (expected === 'exempts') expect(a.publicDeny.read.exempts).toMatch(/"Guard" \(statement 1\).*guarantees the exposure/);
    });

    it('a Deny limited to reads does not touch writes', () => {
      const a = denyUnless({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, 's3:GetObject');
      expect(a.publicDeny.read.blocked).toBeDefined();
      expect(a.publicDeny.write).toEqual({});
    });
  });

  it('an Allow pinned to aws:userid "anonymous" is a grant to everyone, not a pin', () => {
    const a = analyzeBucketPolicy(pol(read({ Condition: { StringEquals: { 'aws:userid': 'anonymous' } } })), B, '1');
    expect(a.publicRead).toHaveLength(1);
    const pinned = analyzeBucketPolicy(pol(read({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } })), B, '1');
    expect(pinned.publicRead).toHaveLength(0);
  });

  it('finds cross-account grants and classifies them', () => {
    const a = analyzeBucketPolicy(
      pol({
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::444455556666:role/r', '111122223333'] },
        Action: 's3:PutBucketAcl',
        Resource: B,
      }),
      B,
      '111122223333',
    );
    expect(a.crossAccount).toEqual([expect.objectContaining({ account: '444455556666', permissionManagement: ['s3:PutBucketAcl'] })]);
    expect(
      analyzeBucketPolicy(
        pol({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: `${B}/*` }),
        B,
        '111122223333',
        ['444455556666'],
      ).crossAccount,
    ).toEqual([]);
  });

  it.each([
    [
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [B, `${B}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      'enforced',
    ],
    [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [B, `${B}/*`],
        Condition: { BoolIfExists: { 'aws:SecureTransport': false } },
      },
      'enforced',
    ],
    [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${B}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      'not-enforced',
    ],
    [
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${B}/*`, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
      'tls-version-only',
    ],
    [
      { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: `${B}/*`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
      'not-enforced',
    ],
  ])('TLS enforcement %#', (stmt, expected) => {
    expect(analyzeBucketPolicy(pol(stmt), B, '1').tls).toBe(expected);
  });
});

describe('owner-only bucket operations', () => {
  it('a policy that grants only bucket-policy management to everyone opens nothing', () => {
    const a = analyzeBucketPolicy(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketPolicy'],
            Resource: 'arn:aws:s3:::b',
          },
        ],
      },
      'arn:aws:s3:::b',
      '111122223333',
      [],
    );
    expect(a.publicWrite).toEqual([]);
    expect(a.publicRead).toEqual([]);
  });
});
