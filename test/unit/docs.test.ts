// The project's reference documents are generated from code and must be current; the scanner
// policy must grant exactly the read-only calls the collectors make; and nothing the project
// ships points at files outside the repository.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  READ_ONLY_OPERATIONS,
  isAllowedOperation,
  isReadVerb,
  NON_DESCRIBE_ALLOWED,
  SECURITY_HUB_SYNC_OPERATIONS,
} from '../../src/collect/readonly.js';
import { BEYOND_SECURITY_AUDIT, iamActionFor, scannerActions } from '../../src/collect/permissions.js';
import { GENERATED_DOCS } from '../../src/docs.js';
import { evaluate, statementsOf } from '../../src/policy/iam.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const read = (p: string) => readFileSync(join(PACKAGE_ROOT, p), 'utf8');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(PACKAGE_ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(PACKAGE_ROOT, rel)).isDirectory()) files(rel, out);
    else out.push(rel);
  }
  return out;
}

describe('generated documents', () => {
  it.each(Object.keys(GENERATED_DOCS))('%s is current (run npm run docs)', (path) => {
    expect(read(path)).toBe(GENERATED_DOCS[path]!());
  });
});

describe('scanner permissions', () => {
  it('grants only reading actions', () => {
    for (const action of scannerActions())
      expect(isReadVerb(action.split(':')[1]!) || action === 'iam:GenerateCredentialReport', action).toBe(true);
  });

  it('covers every operation on the allow-list', () => {
    const granted = new Set(scannerActions());
    for (const [service, ops] of Object.entries(READ_ONLY_OPERATIONS)) {
      for (const op of ops) {
        const action = iamActionFor(service, op);
        if (service === 'organizations') continue;
        if (action && action !== 'sts:AssumeRole') expect(granted.has(action), `${service}:${op} -> ${action}`).toBe(true);
      }
    }
  });

  it('the allow-list holds every command the collectors can send, and only reads', () => {
    const used = new Set<string>();
    const commandsOf = (text: string) => [...text.matchAll(/\bnew (\w+)Command\(/g)].map((m) => m[1]!);
    // The Security Hub sync is not a collector: it has its own, separate allow-list.
    const sync = read('src/collect/securityhub.ts');
    for (const op of commandsOf(sync))
      expect(
        Object.values(SECURITY_HUB_SYNC_OPERATIONS).some((ops) => ops.includes(op)),
        `securityhub sync: ${op}`,
      ).toBe(true);
    for (const f of files('src/collect').filter((x) => !x.endsWith('securityhub.ts'))) {
      const text = read(f);
      const alias = new Map([...text.matchAll(/(\w+)Command as (\w+)Command/g)].map((m) => [m[2]!, m[1]!]));
      for (const m of text.matchAll(/\bnew (\w+)Command\(|paginate(\w+)\(/g)) {
        const name = m[1] ?? m[2]!;
        used.add(alias.get(name) ?? name);
      }
    }
    expect(used.size).toBeGreaterThan(30);
    for (const op of used) {
      expect(
        Object.entries(READ_ONLY_OPERATIONS).some(([svc, ops]) => ops.includes(op) && isAllowedOperation(svc, op)),
        op,
      ).toBe(true);
    }
    for (const [svc, ops] of Object.entries(READ_ONLY_OPERATIONS)) {
      for (const op of ops) expect(isReadVerb(op) || NON_DESCRIBE_ALLOWED.has(`${svc}:${op}`), op).toBe(true);
    }
  });

  it("AWS's SecurityAudit policy allows every action of the scanner policy but the ones the docs name", () => {
    const fixtures = JSON.parse(read('bench/fixtures/aws-managed-policies.json')) as Record<string, unknown>;
    const audit = statementsOf(fixtures['arn:aws:iam::aws:policy/SecurityAudit']);
    const missing = scannerActions().filter((a) => evaluate({ identity: audit }, a) !== 'allow');
    expect(missing).toEqual([...BEYOND_SECURITY_AUDIT]);
    for (const action of missing) expect(read('docs/permissions.md')).toContain(action);
  });
});

describe('deployable member role and coordinator policy', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: string; Condition?: unknown; Principal?: unknown };
  const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const cfn = JSON.parse(read('deploy/cloudformation/incloud-member-role.json'));
  const role = cfn.Resources.IncloudMemberRole.Properties;
  const terraformPolicy = JSON.parse(read('deploy/terraform/incloud-member-role/scanner-policy.json'));
  const isReadOnly = (action: string) =>
    isReadVerb(action.split(':')[1]!) || NON_DESCRIBE_ALLOWED.has(action) || action === 'iam:GenerateCredentialReport';

  it.each([
    [
      'CloudFormation',
      () => role.Policies.flatMap((p: { PolicyDocument: { Statement: Statement[] } }) => actionsOf(p.PolicyDocument.Statement)),
    ],
    ['Terraform', () => actionsOf(terraformPolicy.Statement)],
  ])('the %s member role grants exactly the read-only actions of every call incloud makes in an account', (_, granted) => {
    const actions: string[] = granted();
    expect(actions.every((a) => !a.includes('*'))).toBe(true);
    expect(actions.filter((a) => !isReadOnly(a))).toEqual([]);
    const needed = Object.entries(READ_ONLY_OPERATIONS)
      .filter(([service]) => service !== 'organizations')
      .flatMap(([service, ops]) => ops.map((op) => iamActionFor(service, op)))
      .filter((a): a is string => Boolean(a) && a !== 'sts:AssumeRole');
    expect([...new Set(actions)].sort()).toEqual([...new Set(needed)].sort());
  });

  it('the member role trusts only the scanner account (or one role in it), with an optional ExternalId', () => {
    const trust = role.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Principal).toEqual({
      AWS: {
        'Fn::If': [
          'HasScannerRole',
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:role/${ScannerRoleName}' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ScannerAccountId}:root' },
        ],
      },
    });
    expect(JSON.stringify(trust[0]!.Condition)).toContain('sts:ExternalId');
    const main = read('deploy/terraform/incloud-member-role/main.tf');
    expect(main).toContain('policy = file("${path.module}/scanner-policy.json")');
    expect(main).toContain('variable = "sts:ExternalId"');
    expect(main).toMatch(/identifiers = \[local\.scanner_principal\]/);
  });

  it('the coordinator policy lists the organization read-only and assumes only the member role', () => {
    const policy = JSON.parse(read('deploy/coordinator-policy.json')) as { Statement: Statement[] };
    const [list, assume] = policy.Statement;
    expect(actionsOf([list!]).every((a) => a.startsWith('organizations:') && isReadOnly(a))).toBe(true);
    expect(actionsOf([list!]).sort()).toEqual(READ_ONLY_OPERATIONS.organizations!.map((op) => `organizations:${op}`).sort());
    expect(assume).toMatchObject({ Action: ['sts:AssumeRole'], Resource: 'arn:aws:iam::*:role/incloud-scanner' });
  });
});

describe('the project stands alone', () => {
  it('no document, check or message points outside the repository', () => {
    const shipped = [
      'README.md',
      ...files('docs'),
      ...files('src'),
      ...files('checks'),
      ...files('reports'),
      ...files('examples'),
      ...files('schema'),
      ...files('deploy'),
    ];
    const offenders = shipped.filter((f) => /\.\.\/shared|CHECKS\.md|DUTIES\.md/.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
