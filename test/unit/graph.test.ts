// The principal graph: chains of any length to admin through the account's real roles, groups
// and policies; resource-scoped grants followed to their targets; cycles end.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { Context } from '../../src/engine/context.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  ACCT,
  addGroup,
  addInstance,
  addPolicy,
  addRole,
  addSg,
  addUser,
  ADMIN_ARN,
  doc,
  emptySnapshot,
  world,
} from '../helpers/builder.js';

const arn = (kind: string, name: string) => `arn:aws:iam::${ACCT}:${kind}/${name}`;
const trusts = (principal: string) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
const chainOf = (s: Snapshot, kind: string, name: string) => new Context(s).adminChain(arn(kind, name));
const finding = (s: Snapshot, name: string) =>
  evaluate(s, CHECKS, { only: ['iam.principal-reaches-admin'] }).findings.find((f) => f.resource.name === name);

describe('principal graph', () => {
  it('follows a three-role trust chain to admin and names every hop', () => {
    const s = emptySnapshot();
    addUser(s, 'dev', {
      inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'hop-1') }) }],
    });
    addRole(s, 'hop-1', { trustPolicy: trusts(`arn:aws:iam::${ACCT}:root`) });
    addRole(s, 'hop-2', { trustPolicy: trusts(arn('role', 'hop-1')) });
    addRole(s, 'hop-3', { trustPolicy: trusts(arn('role', 'hop-2')), attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
    const chain = chainOf(s, 'user', 'dev')!;
    expect(chain.map((h) => h.to)).toEqual([arn('role', 'hop-1'), arn('role', 'hop-2'), arn('role', 'hop-3')]);
    expect(chain[0]!.how).toMatch(/assume hop-1 \(trusted account, sts:AssumeRole allowed\)/);
    expect(chain[1]!.how).toMatch(/assume hop-2 \(its trust names this principal\)/);
    expect(finding(s, 'dev')?.message).toMatch(/can reach admin in 3 step\(s\): 1\. assume hop-1/);
  });

  it('a trust of the account alone is not enough without sts:AssumeRole on the caller side', () => {
    const s = emptySnapshot();
    addUser(s, 'dev', {});
    addRole(s, 'admin-role', {
      trustPolicy: trusts(`arn:aws:iam::${ACCT}:root`),
      attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
    });
    expect(chainOf(s, 'user', 'dev')).toBeUndefined();
  });

  it('ends on cycles', () => {
    const s = emptySnapshot();
    addRole(s, 'a', { trustPolicy: trusts(arn('role', 'b')) });
    addRole(s, 'b', { trustPolicy: trusts(arn('role', 'a')) });
    expect(chainOf(s, 'role', 'a')).toBeUndefined();
  });

  it('PassRole to an admin role that a launchable service trusts reaches admin; to a harmless role it does not', () => {
    const s = emptySnapshot();
    const ec2Trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    addRole(s, 'ec2-admin', { trustPolicy: ec2Trust, attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
    addRole(s, 'ec2-app', { trustPolicy: ec2Trust });
    const launcher = (name: string, role: string) =>
      addUser(s, name, {
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: arn('role', role) },
              { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            ),
          },
        ],
      });
    launcher('passes-admin', 'ec2-admin');
    launcher('passes-app', 'ec2-app');
    expect(chainOf(s, 'user', 'passes-admin')?.[0]?.how).toMatch(/pass ec2-admin to ec2\.amazonaws\.com \(ec2:RunInstances\)/);
    expect(chainOf(s, 'user', 'passes-app')).toBeUndefined();
  });

  it("CreatePolicyVersion scoped to its own policy reaches admin; on someone else's or an AWS-managed policy it does not", () => {
    const s = emptySnapshot();
    addPolicy(s, 'team-dev', doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: arn('policy', 'team-*') }));
    addPolicy(s, 'other', doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: arn('policy', 'team-*') }));
    addPolicy(s, 'aws-only', doc({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: 'arn:aws:iam::aws:policy/*' }));
    addUser(s, 'own', { attached: [{ name: 'team-dev', arn: arn('policy', 'team-dev') }] });
    addUser(s, 'not-own', { attached: [{ name: 'other', arn: arn('policy', 'other') }] });
    addUser(s, 'aws-managed', {
      attached: [
        { name: 'aws-only', arn: arn('policy', 'aws-only') },
        { name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
    });
    expect(chainOf(s, 'user', 'own')?.[0]?.how).toMatch(/new default version of its own policy team-dev/);
    expect(chainOf(s, 'user', 'not-own')).toBeUndefined();
    expect(chainOf(s, 'user', 'aws-managed')).toBeUndefined();
  });

  it('joining an empty admin group is a way to admin, and the group itself is reported', () => {
    const s = emptySnapshot();
    addGroup(s, 'break-glass', [ADMIN_ARN]);
    addUser(s, 'helpdesk', {
      inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:AddUserToGroup', Resource: arn('group', 'break-glass') }) }],
    });
    expect(chainOf(s, 'user', 'helpdesk')?.[0]?.how).toMatch(/join the admin group break-glass/);
    const group = evaluate(s, CHECKS, { only: ['iam.group-grants-admin'] }).findings;
    expect(group.map((f) => [f.resource.name, f.severity])).toEqual([['break-glass', 'medium']]);
  });

  it('is "not assessed", not a pass, when a reachable role has policies that could not be read', () => {
    const s = emptySnapshot();
    addUser(s, 'dev', {});
    addPolicy(s, 'lost', null);
    addRole(s, 'ops', { trustPolicy: trusts(arn('user', 'dev')), attached: [{ name: 'lost', arn: arn('policy', 'lost') }] });
    const r = evaluate(s, CHECKS, { only: ['iam.principal-reaches-admin'] });
    expect(r.findings.filter((f) => f.resource.name === 'dev')).toEqual([]);
    expect(r.notAssessed.find((n) => n.resource.name === 'dev')?.reason).toMatch(/reachable ops's policies not readable/);
  });

  it('a hop that depends on a condition makes the finding medium', () => {
    const s = emptySnapshot();
    addUser(s, 'dev', {});
    addRole(s, 'admin-role', {
      trustPolicy: doc({
        Effect: 'Allow',
        Principal: { AWS: arn('user', 'dev') },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      }),
      attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
    });
    expect(finding(s, 'dev')?.severity).toBe('medium');
  });
});

describe('attack path', () => {
  it('Internet to an admin instance role is one finding that ranks above each of its parts and links them', () => {
    const s = emptySnapshot();
    addRole(s, 'web-admin', {
      attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
      instanceProfiles: [{ name: 'web-admin', arn: arn('instance-profile', 'web-admin') }],
    });
    addSg(s, 'sg-ssh', [world(22)]);
    addInstance(s, 'i-web', ['sg-ssh'], { instanceProfileArn: arn('instance-profile', 'web-admin'), metadataHttpTokens: 'optional' });
    const r = evaluate(s, CHECKS);
    const path = r.findings[0]!;
    expect(path.checkId).toBe('ec2.attack-path-internet-to-role');
    expect(path.priority).toBe(1);
    const parts = r.findings.filter((f) =>
      ['ec2.sg-ssh-open-internet', 'ec2.eni-internet-exposed', 'ec2.instance-profile-privileged'].includes(f.checkId),
    );
    expect(parts.length).toBe(3);
    for (const part of parts) expect(path.score).toBeGreaterThan(part.score);
    const linked = (path.evidence.linkedFindings as { fingerprint: string }[]).map((l) => l.fingerprint);
    for (const part of parts) expect(linked).toContain(part.fingerprint);
    for (const part of parts) expect(part.partOf).toEqual([path.fingerprint]);
    const hops = path.evidence.hops as { from: string; to: string; action: string; allowedBy: string[] }[];
    expect(hops.map((h) => [h.from, h.to.split(' ')[0]])).toEqual([
      ['Internet', 'i-web'],
      ['i-web', 'web-admin'],
    ]);
    expect(hops[0]!.action).toBe('connect on tcp/22');
    expect(hops[0]!.allowedBy[0]).toMatch(/security group sg-ssh \(sg-ssh\) allows it from the whole Internet/);
    expect(hops[1]!.action).toMatch(/IMDSv1 allowed: one SSRF request is enough/);
    expect(path.message).toMatch(/web-admin is admin/);
  });
});
