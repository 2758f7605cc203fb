import { describe, expect, it } from 'vitest';
import { adminLevel, documentGrantsAdmin, evaluate, statementsOf, wildcardMatch, PolicyParseError } from '../../src/policy/iam.js';
import { escalationPaths } from '../../src/policy/privesc.js';

const d = (...Statement: unknown[]) => statementsOf({ Version: '2012-10-17', Statement });
const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('IAM policy evaluation', () => {
  it.each([
    ['explicit deny wins over allow', [allowAll, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }], 'iam:CreateUser', 'deny'],
    [
      'implicit deny without a matching allow',
      [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      's3:PutObject',
      'implicit-deny',
    ],
    ['action wildcards are case-insensitive', [{ Effect: 'Allow', Action: 'S3:get*', Resource: '*' }], 's3:GetObject', 'allow'],
    ['? matches one character', [{ Effect: 'Allow', Action: 'iam:?etUser', Resource: '*' }], 'iam:GetUser', 'allow'],
    ['NotAction allows everything else', [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }], 'ec2:RunInstances', 'allow'],
    ['NotAction excludes the listed', [{ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }], 'iam:CreateUser', 'implicit-deny'],
    [
      'resource-scoped allow is not "on every resource"',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::1:role/x' }],
      'iam:PassRole',
      'implicit-deny',
    ],
    [
      'partition catch-all resource is every resource',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:*:*:*:*' }],
      'iam:PassRole',
      'allow',
    ],
    [
      'a service-wide ARN pattern is not every resource',
      [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' }],
      'iam:PassRole',
      'implicit-deny',
    ],
    [
      'NotResource allow counts as broad',
      [{ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }],
      's3:GetObject',
      'allow',
    ],
    [
      'resource-scoped deny does not deny "every resource"',
      [allowAll, { Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::b' }],
      's3:GetObject',
      'allow',
    ],
    [
      'conditional allow is conditional',
      [{ ...allowAll, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
      'ec2:RunInstances',
      'conditional',
    ],
    [
      'conditional deny makes an allow conditional',
      [allowAll, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/32' } } }],
      'ec2:RunInstances',
      'conditional',
    ],
  ])('%s', (_name, stmts, action, expected) => {
    expect(evaluate({ identity: d(...stmts) }, action as string)).toBe(expected);
  });

  it('permissions boundaries intersect with identity policies', () => {
    const set = { identity: d(allowAll), boundary: d({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) };
    expect(evaluate(set, 's3:GetObject')).toBe('allow');
    expect(evaluate(set, 'iam:CreateUser')).toBe('implicit-deny');
    expect(adminLevel(set)).toBe('no');
  });

  it('a principal allowed * but denied * is not an admin', () => {
    expect(adminLevel({ identity: d(allowAll, { Effect: 'Deny', Action: '*', Resource: '*' }) })).toBe('no');
    expect(adminLevel({ identity: d(allowAll) })).toBe('admin');
    expect(adminLevel({ identity: d({ ...allowAll, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) })).toBe('conditional');
    // A long list of services is not "*": an unknown future action is not granted.
    expect(
      adminLevel({
        identity: d({
          Effect: 'Allow',
          Action: ['iam:*', 'sts:*', 's3:*', 'ec2:*', 'kms:*', 'organizations:*', 'lambda:*', 'cloudtrail:*', 'secretsmanager:*'],
          Resource: '*',
        }),
      }),
    ).toBe('no');
  });

  it('documentGrantsAdmin follows the CIS rule, negated by Deny * *', () => {
    expect(documentGrantsAdmin(d({ Effect: 'Allow', Action: '*:*', Resource: '*' })).admin).toBe(true);
    expect(documentGrantsAdmin(d({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).admin).toBe(true);
    expect(documentGrantsAdmin(d(allowAll, { Effect: 'Deny', Action: '*', Resource: '*' })).admin).toBe(false);
    expect(documentGrantsAdmin(d({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' })).admin).toBe(false);
    expect(documentGrantsAdmin(d({ ...allowAll, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })).conditional).toBe(true);
  });

  it('rejects malformed documents instead of guessing', () => {
    expect(() => statementsOf('not an object')).toThrow(PolicyParseError);
    expect(() => statementsOf({ Statement: [{ Effect: 'Maybe', Action: '*' }] })).toThrow(PolicyParseError);
    expect(statementsOf(null)).toEqual([]);
    expect(d({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })[0]!.actions).toEqual(['s3:GetObject']);
  });

  it('wildcards in resources are case-sensitive', () => {
    expect(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x', false)).toBe(false);
    expect(wildcardMatch('arn:aws:s3:::b*', 'arn:aws:s3:::bucket/x', false)).toBe(true);
  });
});

describe('privilege escalation paths', () => {
  it('needs every action of a path', () => {
    expect(escalationPaths({ identity: d({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) }).map((p) => p.id)).toEqual([]);
    expect(
      escalationPaths({ identity: d({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) }).map((p) => p.id),
    ).toEqual(['P26']);
  });
  it('a grant on every role counts, a grant on named roles does not', () => {
    const every = d(
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::*:role/*' },
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:*' },
    );
    expect(escalationPaths({ identity: every }, '111122223333').map((p) => p.id)).toEqual(['P26']);
    const named = d(
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/worker' },
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
    );
    expect(escalationPaths({ identity: named }, '111122223333')).toEqual([]);
  });
  it('a Deny or a boundary removes the path', () => {
    const grant = { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' };
    expect(escalationPaths({ identity: d(grant, { Effect: 'Deny', Action: 'iam:Attach*', Resource: '*' }) })).toEqual([]);
    expect(escalationPaths({ identity: d(grant), boundary: d({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })).toEqual([]);
  });
  it('marks conditional grants as potential', () => {
    const p = escalationPaths({
      identity: d({
        Effect: 'Allow',
        Action: 'iam:PutUserPolicy',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      }),
    });
    expect(p).toEqual([expect.objectContaining({ id: 'P10', conditional: true })]);
  });
});
