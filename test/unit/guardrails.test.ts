// Organization guardrails in the evaluation: SCP levels from the root through nested OUs to the
// account (allow-lists and deny-lists), the management-account and service-linked-role
// exemptions, NotAction (a region lock that exempts IAM), conditions decided from what the scan
// knows (principal ARN, org id and paths, region, resource account) and ones it cannot decide,
// and RCPs on outside access to buckets. Findings are read as the user reads them.

import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { renderTerminalSummary } from '../../reports/terminal.js';
import { CHECKS } from '../../checks/index.js';
import { evaluate as evaluateReport } from '../../src/engine/evaluate.js';
import type { Finding } from '../../src/model/findings.js';
import type { GuardrailLevel, OrgContext } from '../../src/model/organization.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { orgContextFor } from '../../src/org/org-context.js';
import { capLevels } from '../../src/policy/guardrails.js';
import { evaluate, statementsOf, type PolicySet } from '../../src/policy/iam.js';
import { ACCT, addBucket, addRole, addUser, ADMIN_ARN, bucket, doc, emptySnapshot, key, NOW, ok } from '../helpers/builder.js';

const ORG = 'o-abc123defg';
const MGMT = '999988887777';
const SISTER = '444455556666';
const full = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  content: JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
};
const policy = (id: string, ...statements: unknown[]) => ({ id, name: id.toUpperCase(), content: JSON.stringify(doc(...statements)) });
const level = (targetType: GuardrailLevel['targetType'], targetId: string, ...policies: GuardrailLevel['policies']): GuardrailLevel => ({
  targetId,
  targetName: targetId.toUpperCase(),
  targetType,
  policies,
});
/** Root > ou-prod > ou-payments > the account. */
const levels = (
  root: GuardrailLevel['policies'],
  prod: GuardrailLevel['policies'] = [full],
  account: GuardrailLevel['policies'] = [full],
) => [
  level('ROOT', 'r-root', ...root),
  level('ORGANIZATIONAL_UNIT', 'ou-prod', ...prod),
  level('ORGANIZATIONAL_UNIT', 'ou-payments', full),
  level('ACCOUNT', ACCT, ...account),
];
const org = (over: Partial<OrgContext> = {}): OrgContext => ({
  organizationId: ORG,
  managementAccountId: MGMT,
  isManagementAccount: false,
  orgPath: `${ORG}/r-root/ou-prod/ou-payments/`,
  members: { [ACCT]: 'payments', [SISTER]: 'tooling', [MGMT]: 'management' },
  ...over,
});
const denyEscalation = policy('p-denyiam', {
  Sid: 'NoIamWrites',
  Effect: 'Deny',
  Action: ['iam:Create*', 'iam:Attach*', 'iam:Put*', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy'],
  Resource: '*',
  Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
});
const regionLock = policy('p-regions', {
  Sid: 'EuOnly',
  Effect: 'Deny',
  NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*'],
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
});

function account(organization?: OrgContext): Snapshot {
  const s = emptySnapshot();
  addUser(s, 'ops', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }, { accessKey1: key(true) });
  addRole(s, 'BreakGlass', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
  addRole(s, 'AWSServiceRoleForSupport', {
    path: '/aws-service-role/',
    arn: `arn:aws:iam::${ACCT}:role/aws-service-role/AWSServiceRoleForSupport`,
    attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
  });
  return organization ? { ...s, organization } : s;
}
const findings = (s: Snapshot) => evaluateReport(s, CHECKS, { generatedAt: NOW }).findings;
const about = (fs: Finding[], checkId: string, name: string) => fs.find((f) => f.checkId === checkId && f.resource.name === name);

describe('SCP levels on identity permissions', () => {
  const setWith = (caps: GuardrailLevel[], principal = `arn:aws:iam::${ACCT}:user/ops`): PolicySet => {
    const c = capLevels('SCP', caps);
    if (!('levels' in c)) throw new Error(c.problem);
    return {
      identity: statementsOf(doc({ Effect: 'Allow', Action: '*', Resource: '*' })),
      caps: c.levels,
      context: {
        now: new Date(NOW),
        mfa: 'unknown',
        session: 'unknown',
        known: { 'aws:principalarn': principal, 'aws:principalaccount': ACCT, 'aws:principalorgid': ORG },
      },
    };
  };

  it('a Deny at the root reaches every account below; the exempt principal keeps it', () => {
    expect(evaluate(setWith(levels([full, denyEscalation])), 'iam:CreateUser')).toBe('deny');
    expect(evaluate(setWith(levels([full, denyEscalation]), `arn:aws:iam::${ACCT}:role/BreakGlass`), 'iam:CreateUser')).toBe('allow');
    expect(evaluate(setWith(levels([full, denyEscalation])), 's3:GetObject')).toBe('allow');
  });

  it('an allow-list must allow at every level: a nested OU that lists only some services caps the rest', () => {
    const onlyS3 = policy('p-only-s3', { Effect: 'Allow', Action: ['s3:*', 'sts:*'], Resource: '*' });
    const set = setWith(levels([full], [onlyS3]));
    expect(evaluate(set, 's3:GetObject')).toBe('allow');
    expect(evaluate(set, 'iam:CreateUser')).toBe('implicit-deny');
    // The same allow-list at the account level but FullAWSAccess removed from the root: still capped.
    expect(evaluate(setWith(levels([onlyS3], [full], [full])), 'ec2:RunInstances')).toBe('implicit-deny');
  });

  it('a level listed without any policy caps nothing (AWS always keeps one there)', () => {
    expect(evaluate(setWith([level('ROOT', 'r-root', full), level('ORGANIZATIONAL_UNIT', 'ou-x')]), 'iam:CreateUser')).toBe('allow');
  });

  it('a region lock with NotAction leaves IAM alone and lets the caller pick an allowed region elsewhere', () => {
    const set = setWith(levels([full, regionLock]));
    expect(evaluate(set, 'iam:CreateUser')).toBe('allow');
    expect(evaluate(set, 'ec2:RunInstances')).toBe('allow');
    // Without NotAction, IAM (global, us-east-1) is refused by a lock to eu-west-1.
    const strict = policy('p-strict', {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
    });
    expect(evaluate(setWith(levels([full, strict])), 'iam:CreateUser')).toBe('deny');
  });

  it('conditions on the organization are decided with its real id and paths; others stay conditional', () => {
    const otherOrg = policy('p-org', {
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
    });
    expect(evaluate(setWith(levels([full, otherOrg])), 'iam:CreateUser')).toBe('allow');
    const sourceIp = policy('p-ip', {
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: '*',
      Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    });
    expect(evaluate(setWith(levels([full, sourceIp])), 'iam:CreateUser')).toBe('conditional');
  });

  it('a policy document that cannot be read makes the kind unusable rather than guessed', () => {
    const broken = { id: 'p-broken', name: 'Broken', content: '{"Statement":[{"Action":"*"}]}' };
    expect(capLevels('SCP', levels([full, broken]))).toMatchObject({ problem: expect.stringContaining('p-broken') });
  });
});

describe('guardrails in the findings', () => {
  it('an SCP that takes away only IAM writes leaves an admin admin (no over-crediting) and says what it removes', () => {
    const fs = findings(account(org({ scp: levels([full, denyEscalation]) })));
    const ops = about(fs, 'iam.aws-admin-policy-attached', 'ops');
    expect(ops?.severity).toBe('high');
    expect(ops?.message).toContain(
      'An organization guardrail takes away only part of it (SCP p-denyiam (P-DENYIAM) at root R-ROOT (r-root) denies',
    );
    expect(ops?.message).toContain('"NoIamWrites"');
    expect(ops?.evidence.partlyCappedBy).toEqual(expect.stringContaining('p-denyiam'));
    expect(about(fs, 'iam.aws-admin-policy-attached', 'BreakGlass')?.severity).toBe('medium');
    expect(about(fs, 'iam.aws-admin-policy-attached', 'BreakGlass')?.message).not.toContain('guardrail');
  });

  it('an SCP that refuses every admin right makes the admin finding info, naming the policy and statement', () => {
    const quarantine = policy('p-quarantine', { Sid: 'Quarantine', Effect: 'Deny', Action: '*', Resource: '*' });
    const ops = about(findings(account(org({ scp: levels([full, quarantine]) }))), 'iam.aws-admin-policy-attached', 'ops');
    expect(ops?.severity).toBe('info');
    expect(ops?.message).toMatch(
      /but an organization guardrail blocks it: SCP p-quarantine .* denies iam:CreateUser \(statement "Quarantine"\)/,
    );
  });

  it('the management account and service-linked roles are not capped (no over-crediting)', () => {
    const mgmt = findings(account(org({ isManagementAccount: true, scp: levels([full, denyEscalation]) })));
    expect(about(mgmt, 'iam.aws-admin-policy-attached', 'ops')?.severity).toBe('high');
    const member = findings(account(org({ scp: levels([full, policy('p-all', { Effect: 'Deny', Action: '*', Resource: '*' })]) })));
    expect(about(member, 'iam.aws-admin-policy-attached', 'AWSServiceRoleForSupport')).toBeUndefined();
    expect(about(member, 'iam.aws-admin-policy-attached', 'ops')?.severity).toBe('info');
  });

  it('a region lock that exempts IAM changes nothing', () => {
    const locked = findings(account(org({ scp: levels([full, regionLock]) })));
    const plain = findings(account());
    const sev = (fs: Finding[]) =>
      fs.filter((f) => f.checkId.startsWith('iam.')).map((f) => `${f.checkId}/${f.resource.name}/${f.severity}`);
    expect(sev(locked)).toEqual(sev(plain));
  });

  it('the report says whether guardrails were evaluated', () => {
    const report = (s: Snapshot) => evaluateReport(s, CHECKS, { generatedAt: NOW }).scan.guardrails;
    expect(report(account())).toMatchObject({
      status: 'not-evaluated',
      reason: expect.stringContaining('organization guardrails not evaluated'),
    });
    expect(report(account(org({ scp: levels([full, denyEscalation]) })))).toMatchObject({ status: 'evaluated', scps: 5 });
    expect(report(account(org({ isManagementAccount: true })))).toMatchObject({ status: 'management-account' });
    const reportOf = (s: Snapshot) => evaluateReport(s, CHECKS, { generatedAt: NOW });
    const alone = reportOf(account());
    expect(renderTerminalSummary(alone, { top: 1 }).join('\n')).toContain(
      'organization guardrails not evaluated: SCPs and RCPs are readable only',
    );
    expect(renderHtml(alone)).toContain('organization guardrails not evaluated</span>');
    const governed = reportOf(account(org({ scp: levels([full, denyEscalation]) })));
    expect(renderTerminalSummary(governed, { top: 1 }).join('\n')).not.toContain('guardrails');
    expect(renderHtml(governed)).toContain('organization guardrails evaluated (5 SCP, 0 RCP along its path)');
  });

  it("an RCP that refuses callers outside the organization makes a Principal '*' bucket non-public; without it the bucket stays critical", () => {
    const rcp = policy('p-perimeter', {
      Sid: 'OrgOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
    });
    const withBucket = (o?: OrgContext) => {
      const s = account(o);
      const off = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
      s.s3.accountPublicAccessBlock = ok(off);
      addBucket(
        s,
        bucket('exports', {
          publicAccessBlock: ok(off),
          policy: ok(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::exports/*' })),
        }),
      );
      return findings(s);
    };
    const governed = about(withBucket(org({ rcp: levels([full, rcp]) })), 's3.bucket-policy-public-read', 'exports');
    expect(governed?.severity).toBe('info');
    expect(governed?.message).toContain('RCP p-perimeter (P-PERIMETER) at root R-ROOT (r-root) denies s3:GetObject');
    expect(about(withBucket(), 's3.bucket-policy-public-read', 'exports')?.severity).toBe('critical');
    // An RCP whose condition leaves outside callers alone does not block.
    const loose = policy('p-loose', {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(about(withBucket(org({ rcp: levels([full, loose]) })), 's3.bucket-policy-public-read', 'exports')?.severity).toBe('critical');
  });
});

describe('the zone of trust', () => {
  const trusting = (accounts: string[], name = 'Partner') => {
    const s = account(org({ scp: levels([full]) }));
    addRole(s, name, {
      trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) }, Action: 'sts:AssumeRole' }),
    });
    return findings(s);
  };

  it('a sister account is internal and named; an outside account keeps its rating; the member role trusting management is expected', () => {
    const sister = about(trusting([SISTER]), 'iam.role-trust-cross-account-unconditioned', 'Partner');
    expect(sister?.severity).toBe('low');
    expect(sister?.message).toContain('tooling (444455556666)');
    const outside = about(trusting(['123456789012']), 'iam.role-trust-cross-account-unconditioned', 'Partner');
    expect(outside?.severity).toBe('medium');
    expect(
      about(
        trusting([MGMT], 'OrganizationAccountAccessRole'),
        'iam.role-trust-cross-account-unconditioned',
        'OrganizationAccountAccessRole',
      ),
    ).toBeUndefined();
  });

  it('a bucket read grant to an outside account is medium, to a sister account low', () => {
    const grant = (to: string) => {
      const s = account(org());
      addBucket(
        s,
        bucket('shared', {
          policy: ok(
            doc({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${to}:root` },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::shared/*',
            }),
          ),
        }),
      );
      return about(findings(s), 's3.bucket-policy-cross-account', 'shared');
    };
    expect(grant('123456789012')?.severity).toBe('medium');
    expect(grant(SISTER)?.severity).toBe('low');
    expect(grant(SISTER)?.message).toContain('tooling, in this organization');
  });
});

describe('each account view cut from the organization listing', () => {
  it('levels run from the root through every OU to the account; the management account is marked', () => {
    const facts = {
      organizationId: ORG,
      managementAccountId: MGMT,
      accounts: [
        {
          id: ACCT,
          name: 'payments',
          ouPath: [
            { id: 'r-root', name: 'Root' },
            { id: 'ou-prod', name: 'Prod' },
          ],
        },
        { id: MGMT, name: 'management', ouPath: [{ id: 'r-root', name: 'Root' }] },
      ],
      guardrails: {
        scp: [
          { ...denyEscalation, targets: ['ou-prod'] },
          { ...full, targets: ['r-root', 'ou-prod', ACCT, MGMT] },
        ],
      },
    };
    const ctx = orgContextFor(facts, ACCT)!;
    expect(ctx.scp!.map((l) => [l.targetId, l.policies.map((p) => p.id)])).toEqual([
      ['r-root', ['p-FullAWSAccess']],
      ['ou-prod', ['p-denyiam', 'p-FullAWSAccess']],
      [ACCT, ['p-FullAWSAccess']],
    ]);
    expect(ctx.orgPath).toBe(`${ORG}/r-root/ou-prod/`);
    expect(ctx.rcp).toBeUndefined();
    expect(orgContextFor(facts, MGMT)!.isManagementAccount).toBe(true);
  });
});
