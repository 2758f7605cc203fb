import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { renderOrgHtml } from '../../reports/org-html.js';
import { AwsClients } from '../../src/collect/clients.js';
import { OrganizationListError } from '../../src/collect/errors.js';
import { listOrganization, type OrgListing } from '../../src/collect/organizations.js';
import type { Finding, Report } from '../../src/model/findings.js';
import type { AccountResult, AccountTarget, OrgReport } from '../../src/model/org-report.js';
import { pathLinksByAccount } from '../../src/org/account-links.js';
import { OrgReportBuilder } from '../../src/org/report.js';
import { orgSummary } from '../../src/org/run.js';
import { CHECKS } from '../../checks/index.js';
import { DEMO_SNAPSHOT, readSnapshot } from '../../src/cli.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { sessionNameFor } from '../../src/org/scan-account.js';
import { parseAccountIds, parseAccountsFile, parseOuIds, parseRoleName, selectAccounts, TargetError } from '../../src/org/targets.js';
import { errorsOf, validateOrgReport } from '../helpers/schemas.js';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOrgOutputs } from '../../src/org/outputs.js';
import { tmpdir } from 'node:os';
import { slackMessage, summaryOfOrg } from '../../reports/chat-message.js';

const slackSections = (m: { blocks: unknown[] }) =>
  m.blocks.flatMap((b) => ((b as { text?: { text?: string } }).text?.text ? [(b as { text: { text: string } }).text.text] : []));

const ou = (id: string, name: string) => ({ id, name });
const ROOT = ou('r-ab12', 'Root');
const PROD = ou('ou-ab12-11111111', 'Prod');
const PAY = ou('ou-ab12-22222222', 'Payments');
const DEV = ou('ou-ab12-33333333', 'Dev');

const listing: OrgListing = {
  organizationId: 'o-abc123',
  managementAccountId: '111111111111',
  accounts: [
    { id: '111111111111', name: 'mgmt', status: 'ACTIVE', ouPath: [ROOT] },
    { id: '222222222222', name: 'pay', status: 'ACTIVE', ouPath: [ROOT, PROD, PAY] },
    { id: '333333333333', name: 'dev', status: 'ACTIVE', ouPath: [ROOT, DEV] },
    { id: '444444444444', name: 'old', status: 'SUSPENDED', ouPath: [ROOT, PROD] },
    { id: '555555555555', name: 'closing', status: 'PENDING_CLOSURE', ouPath: [ROOT, DEV] },
  ],
};
const base = { memberRole: 'incloud-scanner', callerAccountId: '111111111111', partition: 'aws' };

describe('account selection', () => {
  it('scans active accounts through the member role, the caller account with its own credentials, and skips suspended ones', () => {
    const s = selectAccounts(listing, base);
    expect(s.targets.map((t) => [t.accountId, t.roleArn])).toEqual([
      ['111111111111', undefined],
      ['222222222222', 'arn:aws:iam::222222222222:role/incloud-scanner'],
      ['333333333333', 'arn:aws:iam::333333333333:role/incloud-scanner'],
    ]);
    expect(s.skipped.map((x) => [x.target.accountId, x.reason])).toEqual([
      ['444444444444', 'account is suspended'],
      ['555555555555', 'account is pending closure'],
    ]);
  });

  it('--ou includes nested OUs; --accounts and --exclude-accounts narrow further', () => {
    expect(selectAccounts(listing, { ...base, ous: [PROD.id] }).targets.map((t) => t.accountId)).toEqual(['222222222222']);
    expect(selectAccounts(listing, { ...base, ous: [ROOT.id], excludeAccounts: ['111111111111'] }).targets).toHaveLength(2);
    expect(selectAccounts(listing, { ...base, accounts: ['333333333333'] }).targets.map((t) => t.name)).toEqual(['dev']);
    expect(selectAccounts(listing, { ...base, partition: 'aws-us-gov' }).targets[1]!.roleArn).toMatch(/^arn:aws-us-gov:iam::/);
  });

  it('refuses ids that are not in the organization and selections that leave nothing', () => {
    expect(() => selectAccounts(listing, { ...base, accounts: ['999999999999'] })).toThrow(/not in this organization: 999999999999/);
    expect(() => selectAccounts(listing, { ...base, ous: ['ou-ab12-99999999'] })).toThrow(/no account of this organization is under/);
    expect(() => selectAccounts(listing, { ...base, accounts: ['444444444444'] })).toThrow(/no active account/);
  });

  it('parses id lists strictly', () => {
    expect(parseAccountIds(' 111111111111,222222222222,111111111111 ')).toEqual(['111111111111', '222222222222']);
    expect(() => parseAccountIds('12345')).toThrow(TargetError);
    expect(() => parseAccountIds(',')).toThrow(/\(empty\)/);
    expect(parseOuIds('ou-ab12-11111111,r-ab12')).toEqual(['ou-ab12-11111111', 'r-ab12']);
    expect(() => parseOuIds('prod')).toThrow(/not an OU or root id/);
    expect(parseRoleName('audit/incloud-scanner')).toBe('audit/incloud-scanner');
    expect(() => parseRoleName('incloud scanner')).toThrow('--member-role incloud scanner: not an IAM role name');
  });

  it('reads an accounts file: role ARNs with optional names, comments and blank lines; errors name the line', () => {
    const t = parseAccountsFile(
      '# scanner roles\narn:aws:iam::222222222222:role/audit/incloud  Payments prod\n\narn:aws:iam::333333333333:role/incloud # dev\n',
      'a.txt',
    );
    expect(t).toEqual([
      { accountId: '222222222222', name: 'Payments prod', ouPath: [], roleArn: 'arn:aws:iam::222222222222:role/audit/incloud' },
      { accountId: '333333333333', ouPath: [], roleArn: 'arn:aws:iam::333333333333:role/incloud' },
    ]);
    expect(() => parseAccountsFile('arn:aws:iam::222222222222:user/x', 'a.txt')).toThrow('a.txt:1: not an IAM role ARN');
    expect(() => parseAccountsFile('arn:aws:iam::2:role/x', 'a.txt')).toThrow(/not an IAM role ARN/);
    expect(() => parseAccountsFile('arn:aws:iam::222222222222:role/a\narn:aws:iam::222222222222:role/b', 'a.txt')).toThrow(
      'a.txt:2: account 222222222222 is listed twice',
    );
    expect(() => parseAccountsFile('# nothing\n', 'a.txt')).toThrow('a.txt: no role ARN in the file');
  });

  it('role session names stay within what AWS accepts', () => {
    expect(sessionNameFor('20261130T062826Z-608360')).toBe('incloud-20261130T062826Z-608360');
    expect(sessionNameFor('x'.repeat(100))).toHaveLength(64);
    expect(sessionNameFor('a b:c')).toBe('incloud-a-b-c');
  });
});

describe('Organizations listing', () => {
  const org = mockClient(OrganizationsClient);
  afterEach(() => org.reset());
  const clients = () => new AwsClients({ homeRegion: 'us-east-1', maxAttempts: 1, credentials: undefined } as never);

  it('pages through accounts and the OU tree and places each account', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1', MasterAccountId: '111111111111' } });
    org
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '111111111111', Name: 'mgmt', Status: 'ACTIVE' }], NextToken: 't1' })
      .resolvesOnce({ Accounts: [{ Id: '222222222222', Name: 'pay', State: 'SUSPENDED', Status: 'ACTIVE' } as never, { Id: 'bad' }] });
    org.on(ListRootsCommand).resolves({
      Roots: [
        {
          Id: 'r-ab12',
          Name: 'Root',
          PolicyTypes: [
            { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
            { Type: 'RESOURCE_CONTROL_POLICY', Status: 'PENDING_DISABLE' },
          ],
        },
      ],
    });
    org
      .on(ListPoliciesCommand, { Filter: 'SERVICE_CONTROL_POLICY' })
      .resolves({ Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }, { Name: 'no id' }] });
    org.on(DescribePolicyCommand, { PolicyId: 'p-FullAWSAccess' }).resolves({ Policy: { Content: FULL_ACCESS } });
    org
      .on(ListTargetsForPolicyCommand, { PolicyId: 'p-FullAWSAccess' })
      .resolvesOnce({ Targets: [{ TargetId: 'r-ab12' }], NextToken: 'n' })
      .resolvesOnce({ Targets: [{ TargetId: PAY.id }, {}] });
    org.on(ListAccountsForParentCommand, { ParentId: 'r-ab12' }).resolves({ Accounts: [{ Id: '111111111111' }] });
    org.on(ListAccountsForParentCommand, { ParentId: PROD.id }).resolves({ Accounts: [] });
    org.on(ListAccountsForParentCommand, { ParentId: PAY.id }).resolves({ Accounts: [{ Id: '222222222222' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
      .resolves({ OrganizationalUnits: [{ Id: PROD.id, Name: 'Prod' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: PROD.id })
      .resolvesOnce({ OrganizationalUnits: [], NextToken: 'p2' })
      .resolvesOnce({ OrganizationalUnits: [{ Id: PAY.id, Name: 'Payments' }] });
    org.on(ListOrganizationalUnitsForParentCommand, { ParentId: PAY.id }).resolves({ OrganizationalUnits: [] });
    const l = await listOrganization(clients());
    expect(l).toEqual({
      organizationId: 'o-1',
      managementAccountId: '111111111111',
      accounts: [
        { id: '111111111111', name: 'mgmt', status: 'ACTIVE', ouPath: [ROOT] },
        { id: '222222222222', name: 'pay', status: 'SUSPENDED', ouPath: [ROOT, PROD, PAY] },
      ],
      guardrails: { scp: [{ id: 'p-FullAWSAccess', name: 'FullAWSAccess', content: FULL_ACCESS, targets: ['r-ab12', PAY.id] }] },
    });
  });

  it('guardrails that cannot be read cost the guardrails, not the listing, and say why', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1', MasterAccountId: '111111111111' } });
    org.on(ListAccountsCommand).resolves({ Accounts: [] });
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] });
    org.on(ListAccountsForParentCommand).resolves({ Accounts: [] });
    org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    org.on(ListPoliciesCommand).rejects(Object.assign(new Error('nope'), { name: 'AccessDeniedException' }));
    const l = await listOrganization(clients());
    expect(l.accounts).toEqual([]);
    expect(l.guardrails).toEqual({
      problem: expect.stringMatching(
        /^the organization's SCPs and RCPs could not be read \(ListPolicies: AccessDeniedException\): denied; grant organizations:ListPolicies/,
      ),
    });
  });

  it('a denied or missing organization is one error naming the call and what to do', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1' } });
    org.on(ListAccountsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await expect(listOrganization(clients())).rejects.toThrow(
      /cannot list the organization \(ListAccounts: AccessDeniedException\): run with the management account or a delegated administrator; needs organizations:ListAccounts/,
    );
    org.reset();
    org.on(DescribeOrganizationCommand).rejects(Object.assign(new Error('no org'), { name: 'AWSOrganizationsNotInUseException' }));
    await expect(listOrganization(clients())).rejects.toThrow(/this account is not in an organization/);
  });

  it('a page token handed back twice is an error, not an endless loop', async () => {
    org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-1' } });
    org.on(ListAccountsCommand).resolves({ Accounts: [], NextToken: 'same' });
    await expect(listOrganization(clients())).rejects.toThrow(OrganizationListError);
  });
});

const FULL_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

function finding(checkId: string, accountId: string, score: number, severity: Finding['severity'] = 'high'): Finding {
  return {
    checkId,
    title: `title of ${checkId}`,
    service: 'ec2',
    severity,
    duties: ['network'],
    priority: 0,
    score,
    resource: {
      arn: `arn:aws:ec2:us-east-1:${accountId}:security-group/sg-1`,
      type: 'AWS::EC2::SecurityGroup',
      name: 'sg-1',
      region: 'us-east-1',
      accountId,
    },
    fingerprint: `${accountId.slice(0, 4)}${checkId.length.toString(16).padStart(2, '0')}`.padEnd(32, '0'),
    message: 'open <b>',
    evidence: {},
    exposure: { reach: 3, blast: 1, factors: [] },
    remediation: { summary: 'close it' },
    refs: {},
  };
}

function resultFor(target: AccountTarget, findings: Finding[], complete = true): AccountResult {
  findings.forEach((f, i) => (f.priority = i + 1));
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const report = {
    scan: { collectedAt: '2026-11-30T00:00:00.000Z', complete },
    summary: { findings: findings.length, suppressed: 0, notAssessed: complete ? 0 : 2, errors: complete ? 0 : 1, bySeverity },
    duties: [
      { id: 'network', status: findings.length ? 'failing' : 'passing', failing: findings.length, worstSeverity: findings[0]?.severity },
    ],
    findings,
  } as unknown as Report;
  return { target, status: complete ? 'assessed' : 'incomplete', report, durationMs: 5 };
}

describe('organization report', () => {
  const t = (id: string, name: string, path = [ROOT]): AccountTarget => ({ accountId: id, name, ouPath: path });

  it('ranks findings across accounts, keeps each account rank, and sorts the worst accounts first', () => {
    const b = new OrgReportBuilder({ scanId: 's1', organization: { id: 'o-1', source: 'organizations' }, runner: { mode: 'in-process' } });
    b.add(
      resultFor(t('222222222222', 'pay', [ROOT, PROD, PAY]), [finding('ec2.a', '222222222222', 50), finding('ec2.bb', '222222222222', 10)]),
      'accounts/222222222222/report.html',
    );
    b.add(resultFor(t('333333333333', 'dev'), [finding('ec2.ccc', '333333333333', 80, 'critical')], false));
    b.add({ target: t('444444444444', 'gone'), status: 'not-assessed', reason: 'cannot assume', durationMs: 1 });
    b.skipped(t('555555555555', 'old'), 'account is suspended');
    const r = b.build('2026-11-30T01:00:00.000Z');
    expect(validateOrgReport(r), errorsOf(validateOrgReport)).toBe(true);
    expect(r.findings.map((f) => [f.priority, f.accountName, f.accountPriority, f.checkId])).toEqual([
      [1, 'dev', 1, 'ec2.ccc'],
      [2, 'pay', 1, 'ec2.a'],
      [3, 'pay', 2, 'ec2.bb'],
    ]);
    expect(r.findings[1]!.ouPath).toEqual([ROOT, PROD, PAY]);
    expect(r.accounts.map((a) => [a.name, a.status])).toEqual([
      ['gone', 'not-assessed'],
      ['dev', 'incomplete'],
      ['pay', 'assessed'],
      ['old', 'skipped'],
    ]);
    expect(r.accounts[1]!.reason).toBe('2 check result(s) not assessed, 1 collection error(s)');
    expect(r.summary.accounts).toEqual({ total: 4, assessed: 1, incomplete: 1, 'not-assessed': 1, skipped: 1 });
    expect(r.summary.bySeverity).toMatchObject({ critical: 1, high: 2 });
    expect(Object.keys(r.checks).sort()).toEqual(['ec2.a', 'ec2.bb', 'ec2.ccc']);
    expect(r.findings[0]).not.toHaveProperty('remediation');
  });

  it('keeps the hops of an attack chain under the distinct problems of every account, and the document valid', () => {
    const b = new OrgReportBuilder({ scanId: 's1', organization: { id: 'o-1', source: 'organizations' }, runner: { mode: 'in-process' } });
    const chain = { ...finding('ec2.attack-path-internet-to-role', '222222222222', 2900, 'critical'), fingerprint: 'c'.repeat(32) };
    const part = { ...finding('ec2.sg-ssh-open-internet', '222222222222', 1600, 'critical'), partOf: [chain.fingerprint] };
    b.add(resultFor(t('222222222222', 'pay'), [chain, part]));
    b.add(resultFor(t('333333333333', 'dev'), [finding('ec2.bb', '333333333333', 10, 'low')]));
    const r = b.build('2026-11-30T01:00:00.000Z');
    expect(validateOrgReport(r), errorsOf(validateOrgReport)).toBe(true);
    expect(r.findings.map((f) => [f.priority, f.checkId])).toEqual([
      [1, 'ec2.attack-path-internet-to-role'],
      [2, 'ec2.bb'],
      [3, 'ec2.sg-ssh-open-internet'],
    ]);
  });

  it('joins the accounts into a cross-account path that outranks its parts, links them, and shows it with links to both accounts', () => {
    const web = 'arn:aws:iam::222222222222:role/web';
    const deploy = 'arn:aws:iam::333333333333:role/deploy';
    const tooling = resultFor(t('222222222222', 'tooling'), [finding('ec2.a', '222222222222', 40)]);
    tooling.report!.scan.guardrails = { status: 'evaluated', organizationId: 'o-1', scps: 2, rcps: 1 };
    tooling.extract = {
      accountId: '222222222222',
      principals: [
        {
          arn: web,
          name: 'web',
          kind: 'role',
          entry: [
            { from: 'Internet', to: 'instance i-1', action: 'tcp/22 open to the world', allowedBy: ['sg-1 rule'] },
            { from: 'instance i-1', to: 'role web', action: 'instance profile', allowedBy: ['instance profile web'] },
          ],
          assume: { identity: [{ effect: 'Allow', actions: ['sts:AssumeRole'], resources: [deploy] }], known: {}, session: 'unknown' },
        },
      ],
      edges: [],
    };
    const trustPart = {
      ...finding('iam.role-trust-cross-account-unconditioned', '333333333333', 20, 'low'),
      resource: { ...finding('x', '333333333333', 0).resource, arn: deploy },
    };
    const prod = resultFor(t('333333333333', 'prod'), [trustPart]);
    prod.report!.scan.guardrails = { status: 'management-account', organizationId: 'o-1' };
    prod.extract = {
      accountId: '333333333333',
      principals: [
        {
          arn: deploy,
          name: 'deploy',
          kind: 'role',
          admin: [],
          trust: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principal: { AWS: '222222222222' } }],
        },
      ],
      edges: [],
    };
    const b = new OrgReportBuilder({ scanId: 's1', organization: { id: 'o-1', source: 'organizations' }, runner: { mode: 'in-process' } });
    b.add(tooling, 'accounts/222222222222/report.html');
    b.add(prod, 'accounts/333333333333/report.html');
    b.add({ target: t('444444444444', 'gone'), status: 'not-assessed', reason: 'denied', durationMs: 1 });
    const r = b.build();
    expect(r.crossAccount).toMatchObject({ accountsJoined: 2, paths: 1, notJoined: ['444444444444'] });
    const [top] = r.findings;
    expect(top).toMatchObject({ checkId: 'org.cross-account-path', priority: 1, severity: 'critical', accountName: 'tooling' });
    expect(top!.evidence.linkedFindings).toEqual([
      {
        checkId: 'iam.role-trust-cross-account-unconditioned',
        fingerprint: trustPart.fingerprint,
        resource: deploy,
        accountId: '333333333333',
      },
    ]);
    expect(r.findings.find((f) => f.checkId === 'iam.role-trust-cross-account-unconditioned')!.partOf).toEqual([top!.fingerprint]);
    expect(validateOrgReport(r), errorsOf(validateOrgReport)).toBe(true);
    const html = renderOrgHtml(r);
    const paths = html.slice(html.indexOf('<section id="paths">'), html.indexOf('<section id="accounts">'));
    expect(paths).toContain('Internet → instance i-1 → role web → deploy (prod), admin of account prod');
    expect(paths).toContain(
      'Accounts: <a href="accounts/222222222222/report.html">tooling</a> → <a href="accounts/333333333333/report.html">prod</a>',
    );
    expect(paths).toContain('1 account(s) took no part in the join');
    expect(html).toContain('<td>2 SCP, 1 RCP</td>');
    expect(html).toContain('management account</td>');
    const links = pathLinksByAccount(r);
    expect([...links.keys()]).toEqual(['222222222222', '333333333333']);
    expect(links.get('222222222222')).toEqual([
      {
        fingerprint: top!.fingerprint,
        severity: 'critical',
        path: 'Internet → instance i-1 → role web → deploy (prod), admin of account prod',
        role: 'starts here',
        href: `../../org-report.html#path-${top!.fingerprint}`,
        findings: [],
      },
    ]);
    expect(links.get('333333333333')![0]).toMatchObject({ role: 'ends here', findings: [trustPart.fingerprint] });
    expect(links.has('444444444444')).toBe(false);
  });

  it('the HTML escapes what comes from AWS and links account reports', () => {
    const b = new OrgReportBuilder({
      scanId: 's1',
      organization: { source: 'accounts-file' },
      runner: { mode: 'queue', queue: 'redis://h:6379' },
    });
    b.add(
      resultFor(t('222222222222', '<img src=x onerror=alert(1)>'), [finding('ec2.a', '222222222222', 50)]),
      'accounts/222222222222/report.html',
    );
    b.add({ target: t('444444444444', 'gone'), status: 'not-assessed', reason: 'role "x" <denied>', durationMs: 1 });
    const html = renderOrgHtml(b.build());
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('role &quot;x&quot; &lt;denied&gt;');
    expect(html).toContain('href="accounts/222222222222/report.html"');
    expect(html).toContain('open &lt;b&gt;');
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^&]+&#39;; script-src &#39;sha256-/,
    );
  });
});

describe('the terminal summary of an organization scan', () => {
  it('prints distinct problems with their titles, where else they occur, why they rank there, and the elapsed time', () => {
    const builder = new OrgReportBuilder({
      scanId: 's',
      organization: { id: 'o-1', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    for (const id of ['111111111111', '222222222222'])
      builder.add(
        {
          target: { accountId: id, name: `acct-${id[0]}`, ouPath: [] },
          status: 'assessed',
          report: evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS),
          durationMs: 1,
        },
        `accounts/${id}/report.html`,
      );
    const report = builder.build();
    const lines = orgSummary(report, 3, 4_250);
    expect(lines[1]).toMatch(/^Fix first across the organization \(3 distinct problem\(s\) of \d+ findings\):$/);
    const top = report.findings[0]!;
    expect(lines[2]).toContain(report.checks[top.checkId]!.title.slice(0, 40));
    expect(lines[2]).toMatch(/; 1 more in 1 account\(s\)$/);
    expect(lines[3]).toMatch(/^ {7}why here: \S/);
    // Three different checks, not the same one three times.
    expect(new Set(lines.filter((l) => /^\s+\d+\. /.test(l)).map((l) => l.split(' — ')[0]!.replace(/^\s+\d+\. /, ''))).size).toBe(3);
    expect(lines.at(-1)).toBe('Elapsed: 4.3 s');
  });
});

describe('organization report of many findings', () => {
  const t = (id: string, name: string): AccountTarget => ({ accountId: id, name, ouPath: [ROOT] });
  const CHECK_IDS = ['ec2.a', 'ec2.bb', 'ec2.ccc', 'ec2.dddd', 'ec2.eeeee', 'ec2.ffffff'];
  /** 60 accounts × 20 findings: 1,200, more than the page lists; every account's own ranks, scores spread. */
  const build = () => {
    const b = new OrgReportBuilder({ scanId: 's1', organization: { id: 'o-1', source: 'organizations' }, runner: { mode: 'in-process' } });
    for (let a = 0; a < 60; a++) {
      const id = String(100000000000 + a);
      const findings = Array.from({ length: 20 }, (_, k) => {
        const checkId = CHECK_IDS[(a + k) % CHECK_IDS.length]!;
        const severity = (['critical', 'high', 'medium', 'low', 'info'] as const)[k % 5];
        const f = { ...finding(checkId, id, (a * 37 + k * 101) % 997, severity), fingerprint: `${id}${String(k).padStart(20, '0')}` };
        if (k < 3)
          f.history = {
            firstSeen: '2026-11-01T00:00:00.000Z',
            ageDays: 29,
            new: k !== 1,
            reopened: k === 1,
            sla: { state: k === 2 ? 'overdue' : 'within' },
          };
        return f;
      });
      b.add(resultFor(t(id, `acct-${a}`), findings));
    }
    return b;
  };

  it('lists the top of the ranking and what the summaries need, and streams all of them in rank order from disk', () => {
    const b = build();
    const r = b.build('2026-11-30T01:00:00.000Z');
    const all = [...b.allFindings()];
    b.discard();
    expect(all).toHaveLength(1200);
    expect(r.summary.findings).toBe(1200);
    expect(all.map((f) => f.priority)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    // Each listed finding is the same as the streamed one of its rank.
    const byRank = new Map(all.map((f) => [f.priority, f]));
    for (const f of r.findings) expect(f).toEqual(byRank.get(f.priority));
    expect(r.findings.filter((f) => f.priority <= 500)).toHaveLength(500);
    expect(r.findings.length).toBeLessThan(700);
    // Fix first: one entry per check, each led by the best of its check, counted over all 1,200.
    expect(r.fixFirst.map((p) => p.checkId).sort()).toEqual([...CHECK_IDS].sort());
    for (const p of r.fixFirst) {
      const ofCheck = all.filter((f) => f.checkId === p.checkId);
      expect(p.lead).toEqual({ accountId: ofCheck[0]!.accountId, fingerprint: ofCheck[0]!.fingerprint });
      expect(p.more).toBe(ofCheck.length - 1);
      expect(r.findings.some((f) => f.fingerprint === p.lead.fingerprint)).toBe(true);
    }
    expect(r.summary.changes).toEqual({
      new: { critical: 60, high: 0, medium: 60, low: 0, info: 0 },
      reopened: { critical: 0, high: 60, medium: 0, low: 0, info: 0 },
      overdue: 60,
    });
    expect(validateOrgReport({ ...r, findings: all }), errorsOf(validateOrgReport)).toBe(true);
  });

  it('the terminal summary and the chat count every finding, not the listed ones', () => {
    const b = build();
    const r = b.build('2026-11-30T01:00:00.000Z');
    b.discard();
    const lines = orgSummary(r, 3);
    expect(lines[0]).toContain('1200 findings (240 critical, 240 high, 240 medium, 240 low, 240 info)');
    expect(lines[1]).toBe('Fix first across the organization (3 distinct problem(s) of 1200 findings):');
    const problem = /; (\d+) more in (\d+) account\(s\)/.exec(lines[2]!)!;
    expect(Number(problem[1])).toBe(r.fixFirst[0]!.more);
    const chat = summaryOfOrg(r, 'high', '/srv/org-report.html');
    expect(chat.headline).toBe('1200 open findings in 60 accounts: 240 critical, 240 high, 240 medium, 240 low, 240 info');
    expect(chat.itemsTotal).toBe(120);
    expect(chat.overdue).toBe(60);
    expect(slackSections(slackMessage(chat)).join('\n')).toMatch(/…and 10\d more/);
  });

  it('org-report.json has every finding, streamed; the page lists the top 500', () => {
    const b = build();
    const r = b.build('2026-11-30T01:00:00.000Z');
    const out = mkdtempSync(join(tmpdir(), 'incloud-org-spill-'));
    const { failed } = writeOrgOutputs(r, out, ['json', 'html'], undefined, () => b.allFindings());
    b.discard();
    expect(failed).toEqual([]);
    const written = JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;
    expect(written.findings.map((f) => f.priority)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(validateOrgReport(written), errorsOf(validateOrgReport)).toBe(true);
    const html = readFileSync(join(out, 'org-report.html'), 'utf8');
    expect(html).toContain('700 more findings are in org-report.json');
  });

  it('discards its spill file', () => {
    const b = build();
    b.build();
    const dirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('incloud-org-findings-'));
    const before = dirs().length;
    b.discard();
    expect(dirs().length).toBe(before - 1);
  });
});
