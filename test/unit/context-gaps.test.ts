// Missing context never turns into a pass or a silent downgrade: data a check reads
// indirectly (prefix lists, instance roles, the credential report) that could not be
// collected makes the result "not assessed" or marks the finding as a lower bound.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { CollectError, Snapshot } from '../../src/model/snapshot.js';
import { guardingConditions, statementsOf } from '../../src/policy/iam.js';
import { ACCT, addInstance, addRole, addSg, ADMIN_ARN, doc, emptySnapshot, ok, perm, region } from '../helpers/builder.js';

const denied = (operation: string, resource?: string): CollectError => ({
  service: 'ec2',
  operation,
  region: 'us-east-1',
  ...(resource ? { resource } : {}),
  kind: 'denied',
  code: 'UnauthorizedOperation',
  message: 'no',
  permission: `ec2:${operation}`,
});
const rdpViaList = () => perm({ fromPort: 3389, toPort: 3389, prefixListIds: ['pl-0world'] });
const results = (s: Snapshot, checkId: string) => {
  const r = evaluate(s, CHECKS, { only: [checkId] });
  return { findings: r.findings, notAssessed: r.notAssessed };
};

describe('prefix lists that could not be read', () => {
  it('RDP through a prefix list is not assessed when the lists were denied, never a pass', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-rdp', [rdpViaList()]);
    region(s).prefixLists = { state: 'error', error: denied('DescribeManagedPrefixLists') };
    const r = results(s, 'ec2.sg-rdp-open-internet');
    expect(r.findings).toEqual([]);
    expect(r.notAssessed).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/pl-0world.*DescribeManagedPrefixLists failed \(UnauthorizedOperation\)/) }),
    ]);
  });

  it('is not assessed when only the entries of that list failed', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-rdp', [rdpViaList()]);
    region(s).prefixLists = ok([
      { id: 'pl-0world', ownerId: ACCT, entries: { state: 'error', error: denied('GetManagedPrefixListEntries', 'pl-0world') } },
    ]);
    expect(results(s, 'ec2.sg-rdp-open-internet').notAssessed).toHaveLength(1);
  });

  it('fails when the list is readable and holds 0.0.0.0/0', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-rdp', [rdpViaList()]);
    region(s).prefixLists = ok([{ id: 'pl-0world', ownerId: ACCT, entries: ok(['0.0.0.0/0']) }]);
    expect(results(s, 'ec2.sg-rdp-open-internet').findings).toHaveLength(1);
  });

  it('a finding from other rules says it is a lower bound when a list is unknown', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-mixed', [
      perm({ fromPort: 3389, toPort: 3389, ipv4: [{ cidr: '0.0.0.0/0' }] }),
      perm({ fromPort: 22, toPort: 22, prefixListIds: ['pl-x'] }),
    ]);
    region(s).prefixLists = { state: 'error', error: denied('DescribeManagedPrefixLists') };
    const [f] = results(s, 'ec2.sg-rdp-open-internet').findings;
    expect(f?.exposure.factors.some((x) => /^at least this open/.test(x))).toBe(true);
    expect(results(s, 'ec2.sg-ssh-open-internet').notAssessed).toHaveLength(1);
  });
});

describe('unknown privileges and reach are marked, not dropped', () => {
  it('an instance role that cannot be read is named as unknown in the blast radius', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-ssh', [perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '0.0.0.0/0' }] })]);
    addInstance(s, 'i-1', ['sg-ssh'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/app` });
    s.iam.authorizationDetails = {
      state: 'error',
      error: { service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'denied', code: 'AccessDenied', message: 'no' },
    };
    const [f] = results(s, 'ec2.sg-ssh-open-internet').findings;
    expect(f?.exposure.factors).toContainEqual(
      expect.stringMatching(/role privileges unknown \(IAM authorization details not collected\)/),
    );
  });

  it('an escalating user whose reach is unknown says so instead of silently ranking as internal', () => {
    const s = emptySnapshot();
    const aad = s.iam.authorizationDetails.state === 'ok' ? s.iam.authorizationDetails.value : undefined;
    aad!.users.push({
      name: 'dev',
      arn: `arn:aws:iam::${ACCT}:user/dev`,
      groups: [],
      tags: {},
      attached: [],
      inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }) }],
    });
    s.iam.credentialReport = {
      state: 'error',
      error: { service: 'iam', operation: 'GetCredentialReport', kind: 'throttled', code: 'Throttling', message: 'slow' },
    };
    const [f] = results(s, 'iam.principal-privilege-escalation').findings;
    expect(f?.severity).toBe('high');
    expect(f?.exposure.factors).toContainEqual(expect.stringMatching(/reach unknown: the credential report was not collected/));
  });
});

describe('conditions taken as guards', () => {
  const trust = (Condition: unknown) =>
    doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition });

  it('StringEqualsIfExists on sts:ExternalId does not protect a cross-account trust', () => {
    const s = emptySnapshot();
    addRole(s, 'vendor', {
      attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
      trustPolicy: trust({ StringEqualsIfExists: { 'sts:ExternalId': 'abc' } }),
    });
    expect(results(s, 'iam.role-trust-cross-account-unconditioned').findings).toHaveLength(1);
  });

  it.each([
    [{ StringEquals: { 'sts:ExternalId': 'abc' } }, 0],
    [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, 1],
    [{ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, 0],
    [{ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }, 1],
    [{ StringNotEquals: { 'sts:ExternalId': 'abc' } }, 1],
  ])('trust condition %j -> %i finding(s)', (condition, expected) => {
    const s = emptySnapshot();
    addRole(s, 'vendor', { trustPolicy: trust(condition) });
    expect(results(s, 'iam.role-trust-cross-account-unconditioned').findings).toHaveLength(expected);
  });

  it('guardingConditions keeps only operators that need the key present', () => {
    const [st] = statementsOf(
      doc({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '1' },
          StringLikeIfExists: { 'aws:SourceArn': 'x' },
          Null: { 'aws:SourceVpc': 'false' },
        },
      }),
    );
    expect(guardingConditions(st!).map((c) => c.key)).toEqual(['aws:sourceaccount']);
  });
});

describe('policy-level checks use the evaluator', () => {
  const wildcard = (...statements: unknown[]) => {
    const s = emptySnapshot();
    addRole(s, 'r', { inline: [{ name: 'p', document: doc(...statements) }] });
    return results(s, 'iam.policy-service-wildcard').findings;
  };
  it('a service wildcard cancelled by a Deny, or scoped to one resource, is not full access to the service', () => {
    expect(wildcard({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })).toHaveLength(1);
    expect(wildcard({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:*', Resource: '*' })).toHaveLength(
      0,
    );
    expect(wildcard({ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::one', 'arn:aws:s3:::one/*'] })).toHaveLength(0);
  });
});

describe('severity by what the principal gains', () => {
  it('"can make itself admin" and "can make others admin" are told apart', () => {
    const s = emptySnapshot();
    addRole(s, 'others', { inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*' }) }] });
    addRole(s, 'itself', {
      inline: [
        {
          name: 'p',
          document: doc(
            { Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' },
            { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' },
          ),
        },
      ],
    });
    const f = results(s, 'iam.principal-privilege-escalation').findings;
    const by = (name: string) => f.find((x) => x.resource.name === name)!;
    expect(by('others').message).toMatch(/can make other principals admin \(but not act as them\)/);
    expect(by('others').severity).toBe('medium');
    expect(by('itself').message).toMatch(/can make itself admin/);
    expect(by('itself').severity).toBe('high');
  });
});
