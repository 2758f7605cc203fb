import { describe, expect, it } from 'vitest';
import { joinAccounts } from '../../src/analysis/cross-account.js';
import type { AccountExtract, ExtractPrincipal } from '../../src/model/org-extract.js';
import type { Statement } from '../../src/model/policy-statement.js';
import { crossAccountFindings, type AccountPlace } from '../../src/org/cross-account.js';

const TOOLING = '111111111111';
const PROD = '222222222222';
const SANDBOX = '333333333333';
const NAMES = { [TOOLING]: 'tooling', [PROD]: 'prod', [SANDBOX]: 'sandbox' };
const NOW = new Date('2026-12-01T00:00:00Z');

const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const known = (account: string, arn: string, orgPath = `o-abc/r-1/ou-${account}/`) => ({
  'aws:principalarn': arn,
  'aws:principalaccount': account,
  'aws:principalisawsservice': 'false',
  'aws:principalorgid': 'o-abc',
  'aws:principalorgpaths': orgPath,
});
const allowAssume = (resource = '*', source = 'inline policy assume'): Statement => ({
  effect: 'Allow',
  actions: ['sts:AssumeRole'],
  resources: [resource],
  source,
});
const trusting = (principal: string, condition?: Statement['condition']): Statement => ({
  effect: 'Allow',
  actions: ['sts:AssumeRole'],
  principal: { AWS: principal },
  source: 'trust policy',
  ...(condition ? { condition } : {}),
});

function caller(account: string, name: string, extra: Partial<ExtractPrincipal> = {}, statements = [allowAssume()]): ExtractPrincipal {
  const arn = extra.kind === 'user' ? `arn:aws:iam::${account}:user/${name}` : role(account, name);
  return {
    arn,
    name,
    kind: 'role',
    assume: { identity: statements, known: known(account, arn), session: 'unknown' },
    ...extra,
  };
}

const ENTRY = [
  { from: 'Internet', to: 'instance i-0web (web)', action: 'tcp/22 from 0.0.0.0/0', allowedBy: ['sg-1 inbound rule 22'] },
  { from: 'instance i-0web (web)', to: 'role web', action: 'instance profile', allowedBy: ['instance profile web'] },
];

const prodRole = (name: string, more: Partial<ExtractPrincipal>): ExtractPrincipal => ({
  arn: role(PROD, name),
  name,
  kind: 'role',
  ...more,
});
const adminRole = (name = 'deploy', trust = [trusting(`arn:aws:iam::${TOOLING}:root`)]) => prodRole(name, { admin: [], trust });

const extract = (accountId: string, principals: ExtractPrincipal[], more: Partial<AccountExtract> = {}): AccountExtract => ({
  accountId,
  principals,
  edges: [],
  ...more,
});

const join = (extracts: AccountExtract[]) => joinAccounts(extracts, { now: NOW, names: NAMES });

describe('cross-account join', () => {
  it('Internet → instance → its role → admin role in another account is one path naming every hop and both statements', () => {
    const web = caller(TOOLING, 'web', { entry: ENTRY }, [allowAssume(role(PROD, 'deploy'), 'inline policy web/assume-deploy')]);
    const paths = join([extract(TOOLING, [web]), extract(PROD, [adminRole()])]);
    expect(paths).toHaveLength(1);
    const [p] = paths;
    expect(p!.start).toMatchObject({ arn: web.arn, accountId: TOOLING, entry: true });
    expect(p!.target).toMatchObject({
      kind: 'admin',
      accountId: PROD,
      principal: role(PROD, 'deploy'),
      outcome: 'admin of account prod',
      impact: 3,
    });
    expect(p!.accounts).toEqual([TOOLING, PROD]);
    expect(p!.conditional).toBe(false);
    expect(p!.hops.map((h) => [h.from, h.to])).toEqual([
      ['Internet', 'instance i-0web (web)'],
      ['instance i-0web (web)', 'role web'],
      ['web (tooling)', 'deploy (prod), admin of account prod'],
    ]);
    expect(p!.hops[2]!.action).toBe('assume deploy in account prod [sts:AssumeRole]');
    expect(p!.hops[2]!.allowedBy.join(' | ')).toMatch(/inline policy web\/assume-deploy.*\|.*trust policy/);
  });

  it('user → role in another account → role there → admin follows the target account’s own hops', () => {
    const alice = caller(TOOLING, 'alice', { kind: 'user' });
    const ops = prodRole('ops', {
      trust: [trusting(alice.arn)],
      admin: [{ from: 'ops', to: 'admin of the account', action: 'iam:AttachRolePolicy on itself', allowedBy: ['ops policy'] }],
    });
    const paths = join([extract(TOOLING, [alice]), extract(PROD, [ops])]);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.start.entry).toBe(false);
    expect(paths[0]!.hops.map((h) => h.to)).toEqual(['ops (prod)', 'admin of account prod']);
    expect(paths[0]!.hops[1]!.from).toBe('ops (prod)');
  });

  it('runs through a role-to-role hop inside the target account to reach its admin', () => {
    const alice = caller(TOOLING, 'alice', { kind: 'user' });
    const hop = { from: 'ops', to: 'role deploy', action: 'sts:AssumeRole', allowedBy: ['deploy trust'] };
    const ops = prodRole('ops', { trust: [trusting(alice.arn)] });
    const prod = extract(PROD, [ops, adminRole('deploy', [])], { edges: [{ from: ops.arn, to: role(PROD, 'deploy'), hop }] });
    const [p, ...rest] = join([extract(TOOLING, [alice]), prod]);
    expect(rest).toEqual([]);
    expect(p!.principals).toEqual([alice.arn, ops.arn, role(PROD, 'deploy')]);
    expect(p!.hops.map((h) => h.to)).toEqual(['ops (prod)', 'role deploy (prod), admin of account prod']);
  });

  it('a trust that admits the caller is no path when the caller may not call sts:AssumeRole on that role', () => {
    const web = caller(TOOLING, 'web', { entry: ENTRY }, [allowAssume(role(PROD, 'other'))]);
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole()])])).toEqual([]);
    const noPermission: ExtractPrincipal = { arn: role(TOOLING, 'web'), name: 'web', kind: 'role', entry: ENTRY };
    expect(join([extract(TOOLING, [noPermission]), extract(PROD, [adminRole()])])).toEqual([]);
  });

  it('an assume permission is no path when the target role does not trust the caller’s account', () => {
    const web = caller(TOOLING, 'web', { entry: ENTRY });
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole('deploy', [trusting(`arn:aws:iam::${SANDBOX}:root`)])])])).toEqual([]);
  });

  it('an SCP over the caller that denies the assume cuts the path; one that allows it everywhere changes nothing', () => {
    const denying = {
      label: 'SCP p-1 (NoProdAssume) at OU Workloads (ou-1)',
      statements: [
        { effect: 'Allow' as const, actions: ['*'], resources: ['*'], source: 'SCP p-full' },
        {
          effect: 'Deny' as const,
          actions: ['sts:AssumeRole'],
          resources: [`arn:aws:iam::${PROD}:role/*`],
          source: 'SCP p-1 NoProdAssume',
        },
      ],
    };
    const web = caller(TOOLING, 'web', { entry: ENTRY });
    web.assume!.caps = [denying];
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole()])])).toEqual([]);
    web.assume!.caps = [{ label: 'SCP p-full at root', statements: [denying.statements[0]!] }];
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole()])])).toHaveLength(1);
  });

  it('an RCP on the target account decides the caller’s organization path: outside the allowed OU the path is cut', () => {
    const rcp = [
      {
        label: 'RCP p-2 (ProdOnlyFromProdOU) at account prod',
        statements: [
          { effect: 'Allow' as const, actions: ['*'], resources: ['*'], principal: '*', source: 'RCP p-full' },
          {
            effect: 'Deny' as const,
            actions: ['sts:AssumeRole'],
            resources: ['*'],
            principal: '*',
            condition: { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-prod/*'] } },
            source: 'RCP p-2 ProdOnlyFromProdOU',
          },
        ],
      },
    ];
    const web = caller(TOOLING, 'web', { entry: ENTRY });
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole()], { rcp })])).toEqual([]);
    web.assume!.known = known(TOOLING, web.arn, 'o-abc/r-1/ou-prod/');
    expect(join([extract(TOOLING, [web]), extract(PROD, [adminRole()], { rcp })])).toHaveLength(1);
  });

  it('a trust condition decided false for the caller cuts the path; one the scan cannot decide keeps it, conditional and lower', () => {
    const web = caller(TOOLING, 'web', { entry: ENTRY });
    const byOrgPath = adminRole('deploy', [
      trusting(`arn:aws:iam::${TOOLING}:root`, { StringLike: { 'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-security/*'] } }),
    ]);
    expect(join([extract(TOOLING, [web]), extract(PROD, [byOrgPath])])).toEqual([]);
    const byExternalId = adminRole('deploy', [trusting(`arn:aws:iam::${TOOLING}:root`, { StringEquals: { 'sts:ExternalId': 'x-123' } })]);
    const extracts = [extract(TOOLING, [web]), extract(PROD, [byExternalId])];
    const [p] = join(extracts);
    expect(p!.conditional).toBe(true);
    expect(p!.hops[2]!.conditional).toBe(true);
    const places = new Map<string, AccountPlace>([
      [TOOLING, { name: 'tooling', ouPath: [] }],
      [PROD, { name: 'prod', ouPath: [] }],
    ]);
    const [f] = crossAccountFindings(extracts, places, NOW);
    expect(f).toMatchObject({ severity: 'high', baseSeverity: 'critical', accountName: 'tooling' });
    expect(f!.exposure.factors).toContain('a hop holds only under a condition');
  });

  it('prefers admin over data in the same account, reports data when that is all there is, and never a path within one account', () => {
    const alice = caller(TOOLING, 'alice', { kind: 'user' });
    const reader = prodRole('reader', {
      trust: [trusting(alice.arn)],
      data: {
        outcome: 'reads s3 bucket customer-data',
        impact: 3,
        hops: [{ from: 'reader', to: 'bucket customer-data', action: 's3:GetObject', allowedBy: ['reader policy'] }],
      },
    });
    const [onlyData] = join([extract(TOOLING, [alice]), extract(PROD, [reader])]);
    expect(onlyData!.target).toMatchObject({ kind: 'data', outcome: 'reads s3 bucket customer-data in account prod', impact: 3 });
    const both = join([extract(TOOLING, [alice]), extract(PROD, [reader, adminRole('deploy', [trusting(alice.arn)])])]);
    expect(both.map((p) => p.target.kind)).toEqual(['admin']);
    const local = caller(TOOLING, 'local', { kind: 'user' });
    expect(join([extract(TOOLING, [local, { ...adminRole(), arn: role(TOOLING, 'deploy') }])])).toEqual([]);
  });

  it('an admin of the management account is not a path into each member (it rules them by design); a non-admin there is', () => {
    const boss = caller(SANDBOX, 'boss', { kind: 'user', admin: [] });
    const clerk = caller(SANDBOX, 'clerk', { kind: 'user' });
    const memberRole = adminRole('OrganizationAccountAccessRole', [trusting(`arn:aws:iam::${SANDBOX}:root`)]);
    const extracts = [extract(SANDBOX, [boss, clerk]), extract(PROD, [memberRole])];
    const paths = joinAccounts(extracts, { now: NOW, names: NAMES, managementAccountId: SANDBOX });
    expect(paths.map((p) => p.start.arn)).toEqual([clerk.arn]);
    expect(
      join(extracts)
        .map((p) => p.start.arn)
        .sort(),
    ).toEqual([boss.arn, clerk.arn].sort());
  });

  it('an Internet path to admin is critical and outranks a user path to the same account', () => {
    const web = caller(TOOLING, 'web', { entry: ENTRY });
    const alice = caller(SANDBOX, 'alice', { kind: 'user' });
    const deploy = adminRole('deploy', [trusting(`arn:aws:iam::${TOOLING}:root`), trusting(alice.arn)]);
    const places = new Map<string, AccountPlace>(Object.entries(NAMES).map(([id, name]) => [id, { name, ouPath: [] }]));
    const findings = crossAccountFindings([extract(TOOLING, [web]), extract(SANDBOX, [alice]), extract(PROD, [deploy])], places, NOW);
    const byStart = Object.fromEntries(findings.map((f) => [f.resource.name, f]));
    expect(byStart['web (tooling)']!.severity).toBe('critical');
    expect(byStart['alice (sandbox)']!.severity).toBe('high');
    expect(byStart['web (tooling)']!.score).toBeGreaterThan(byStart['alice (sandbox)']!.score);
    expect(byStart['web (tooling)']!.message).toMatch(
      /^Attack path across accounts: the Internet reaches admin of account prod: Internet → /,
    );
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});
