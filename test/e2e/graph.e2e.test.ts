// The principal graph against moto: a three-role trust chain to admin, PassRole to an admin
// role and to a harmless one, a CreatePolicyVersion grant scoped to the principal's own policy,
// and an admin group without members, each asserted in the JSON report with its safe twin clean.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../scripts/seed.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runCli, scanArgs } from './cli.js';

const ACCT = '123456789012';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (principal: unknown) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });

describe.runIf(runE2e)('principal graph (moto)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let report: Report;
  const found = (check: string, name: string) => report.findings.find((f) => f.checkId === check && f.resource.name === name);

  beforeAll(async () => {
    moto = await startMoto();
    const { iam } = clients({ endpoint: moto.endpoint });
    const role = (name: string, t: string) => iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: t }));
    // dev -> hop-1 (account trust + grant) -> hop-2 (names hop-1) -> hop-3 (names hop-2, admin)
    await iam.send(new CreateUserCommand({ UserName: 'chain-dev' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'chain-dev',
        PolicyName: 'hop',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCT}:role/hop-1` }),
      }),
    );
    await role('hop-1', trust({ AWS: `arn:aws:iam::${ACCT}:root` }));
    await role('hop-2', trust({ AWS: `arn:aws:iam::${ACCT}:role/hop-1` }));
    await role('hop-3', trust({ AWS: `arn:aws:iam::${ACCT}:role/hop-2` }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'hop-3', PolicyArn: ADMIN }));
    // PassRole to an admin role that EC2 trusts, and the twin that may pass only a harmless role.
    await role('ec2-admin-role', trust({ Service: 'ec2.amazonaws.com' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'ec2-admin-role', PolicyArn: ADMIN }));
    await role('ec2-app-role', trust({ Service: 'ec2.amazonaws.com' }));
    for (const [user, target] of [
      ['passes-admin', 'ec2-admin-role'],
      ['passes-app', 'ec2-app-role'],
    ]) {
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'launch',
          PolicyDocument: doc(
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCT}:role/${target}` },
            { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
          ),
        }),
      );
    }
    // A CreatePolicyVersion grant scoped to team-* policies, attached to a user through team-dev (its own) and through other-dev (not).
    const own = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'team-dev',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: `arn:aws:iam::${ACCT}:policy/team-*` }),
      }),
    );
    const other = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'other-dev',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: `arn:aws:iam::${ACCT}:policy/team-*` }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'edits-own-policy' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'edits-own-policy', PolicyArn: own.Policy!.Arn! }));
    await iam.send(new CreateUserCommand({ UserName: 'edits-other-policy' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'edits-other-policy', PolicyArn: other.Policy!.Arn! }));
    // An admin group with no members, and a reader group.
    await iam.send(new CreateGroupCommand({ GroupName: 'break-glass' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'break-glass', PolicyArn: ADMIN }));
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    iam.destroy();
    const out = mkdtempSync(join(tmpdir(), 'incloud-graph-'));
    await runCli([...scanArgs(moto.endpoint, out), '--format', 'json', '-q']);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('follows the three-role trust chain to admin, hop by hop', () => {
    const f = found('iam.principal-reaches-admin', 'chain-dev');
    const chain = (f?.evidence.chain ?? []) as { to: string }[];
    expect(chain.map((h) => h.to.split('/').pop())).toEqual(['hop-1', 'hop-2', 'hop-3']);
  });

  it('PassRole to an admin role is a way to admin; to a harmless role it is not', () => {
    expect(found('iam.principal-reaches-admin', 'passes-admin')?.message).toMatch(/pass ec2-admin-role to ec2\.amazonaws\.com/);
    expect(found('iam.principal-reaches-admin', 'passes-app')).toBeUndefined();
    expect(found('iam.principal-privilege-escalation', 'passes-app')).toBeUndefined();
  });

  it("a CreatePolicyVersion grant scoped to the principal's own policy is a way to admin; on another policy it is not", () => {
    expect(found('iam.principal-reaches-admin', 'edits-own-policy')?.message).toMatch(/new default version of its own policy team-dev/);
    expect(found('iam.principal-reaches-admin', 'edits-other-policy')).toBeUndefined();
  });

  it('reports the admin group without members, not the reader group', () => {
    expect(found('iam.group-grants-admin', 'break-glass')?.severity).toBe('medium');
    expect(found('iam.group-grants-admin', 'readers')).toBeUndefined();
  });
});
