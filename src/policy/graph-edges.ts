// Edges of the effective-access graph between principals: role trust with sts:AssumeRole (both
// sides must allow), iam:PassRole to a service the caller can launch, changes to a role the
// caller can then act as, and changes to its own policies, user or groups. Pure.

import {
  fanOutNode,
  resourceFree,
  statementRef,
  TARGET,
  type GraphPrincipal,
  type GraphRole,
  type Hop,
  type HopStatement,
} from './graph-types.js';
import { allowingStatement, evaluate, principalsOf, statementMatchesAction, type Decision, type Statement } from './iam.js';

/** Services a passed role ends up running in, by the actions that launch them. */
const PASS_TARGETS: { service: string; launch: string[][] }[] = [
  {
    service: 'ec2.amazonaws.com',
    launch: [
      ['ec2:RunInstances'],
      ['ec2:RequestSpotInstances'],
      ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    ],
  },
  {
    service: 'lambda.amazonaws.com',
    launch: [
      ['lambda:CreateFunction', 'lambda:InvokeFunction'],
      ['lambda:CreateFunction', 'lambda:AddPermission'],
      ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    ],
  },
  {
    service: 'glue.amazonaws.com',
    launch: [['glue:CreateDevEndpoint'], ['glue:CreateJob', 'glue:StartJobRun'], ['glue:CreateSession', 'glue:RunStatement']],
  },
  { service: 'cloudformation.amazonaws.com', launch: [['cloudformation:CreateStack']] },
  { service: 'codebuild.amazonaws.com', launch: [['codebuild:CreateProject', 'codebuild:StartBuild']] },
  {
    service: 'sagemaker.amazonaws.com',
    launch: [['sagemaker:CreateNotebookInstance'], ['sagemaker:CreateTrainingJob'], ['sagemaker:CreateProcessingJob']],
  },
  {
    service: 'ecs-tasks.amazonaws.com',
    launch: [
      ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
      ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ],
  },
  { service: 'states.amazonaws.com', launch: [['states:CreateStateMachine', 'states:StartExecution']] },
  { service: 'scheduler.amazonaws.com', launch: [['scheduler:CreateSchedule']] },
];

export const ok = (d: Decision): boolean => d === 'allow' || d === 'conditional';

/** The caller's statements that allow each action on a resource (for evidence). */
export function allowedBy(p: GraphPrincipal, actions: string[], resource: (action: string) => string): HopStatement[] {
  return actions.map((a) => allowingStatement(p.set, a, resource(a))).flatMap((s) => (s ? [statementRef(s)] : []));
}

interface TrustEntry {
  role: GraphRole;
  statement: Statement;
}

export interface TrustIndex {
  byPrincipal: Map<string, TrustEntry[]>;
  byAccount: TrustEntry[];
  anyone: TrustEntry[];
  services: Map<string, Set<string>>;
}

/** Role trusts indexed by who they name, so each principal looks only at roles that trust it. */
export function indexTrusts(roles: GraphRole[], account: string): TrustIndex {
  const out: TrustIndex = { byPrincipal: new Map(), byAccount: [], anyone: [], services: new Map() };
  for (const role of roles) {
    out.services.set(role.arn, new Set(role.trust.filter((s) => s.effect === 'Allow').flatMap((s) => principalsOf(s.principal).service)));
    for (const st of role.trust) {
      if (st.effect !== 'Allow' || !statementMatchesAction(st, 'sts:AssumeRole')) continue;
      const who = principalsOf(st.principal);
      if (who.any) out.anyone.push({ role, statement: st });
      for (const a of who.aws) {
        if (a === account || (/^arn:[^:]+:iam::\d{12}:root$/.test(a) && a.split(':')[4] === account))
          out.byAccount.push({ role, statement: st });
        else {
          const list = out.byPrincipal.get(a) ?? [];
          list.push({ role, statement: st });
          out.byPrincipal.set(a, list);
        }
      }
    }
  }
  return out;
}

export const allowsAtAll = (p: GraphPrincipal, action: string): boolean =>
  p.set.identity.some((s) => s.effect === 'Allow' && statementMatchesAction(s, action));

/** Roles this principal can assume: named in their trust, or trusted as the account with sts:AssumeRole on the role. */
export function assumeEdges(p: GraphPrincipal, trusts: TrustIndex): Hop[] {
  const out = new Map<string, Hop>();
  const hop = (t: TrustEntry, how: string, conditional: boolean, callerSide: HopStatement[]): Hop => ({
    from: p.arn,
    to: t.role.arn,
    kind: 'assume-role',
    how,
    actions: ['sts:AssumeRole'],
    allowedBy: [...callerSide, statementRef(t.statement)],
    conditional,
  });
  for (const t of [...(trusts.byPrincipal.get(p.arn) ?? []), ...trusts.anyone]) {
    if (t.role.arn === p.arn || out.has(t.role.arn)) continue;
    const named = principalsOf(t.statement.principal).aws.includes(p.arn);
    out.set(
      t.role.arn,
      hop(t, `assume ${t.role.name} (its trust names ${named ? 'this principal' : 'everyone'})`, Boolean(t.statement.condition), []),
    );
  }
  if (allowsAtAll(p, 'sts:AssumeRole')) {
    for (const t of trusts.byAccount) {
      if (t.role.arn === p.arn || out.has(t.role.arn)) continue;
      const d = evaluate(p.set, 'sts:AssumeRole', t.role.arn);
      if (ok(d))
        out.set(
          t.role.arn,
          hop(
            t,
            `assume ${t.role.name} (trusted account, sts:AssumeRole allowed)`,
            d === 'conditional' || Boolean(t.statement.condition),
            allowedBy(p, ['sts:AssumeRole'], () => t.role.arn),
          ),
        );
    }
  }
  return [...out.values()];
}

/** Roles this principal can pass to a service that trusts them and that it can launch. */
export function passEdges(p: GraphPrincipal, roles: GraphRole[], trusts: TrustIndex, probe: (action: string) => string): Hop[] {
  if (!allowsAtAll(p, 'iam:PassRole')) return [];
  const launchable: { service: string; launch: string[]; conditional: boolean }[] = [];
  for (const t of PASS_TARGETS) {
    for (const launch of t.launch) {
      const ds = launch.map((a) => evaluate(p.set, a, probe(a)));
      if (ds.every(ok)) {
        launchable.push({ service: t.service, launch, conditional: ds.includes('conditional') });
        break;
      }
    }
  }
  if (!launchable.length) return [];
  const launchStatements = new Map(launchable.map((l) => [l.service, allowedBy(p, l.launch, probe)]));
  const sample = probe('iam:PassRole');
  if (resourceFree(p.set, ['iam:PassRole'], sample)) {
    // PassRole on every role alike: one hop per launchable service, to its fan-out node.
    const pass = evaluate(p.set, 'iam:PassRole', sample);
    if (!ok(pass)) return [];
    return launchable.map((l) => ({
      from: p.arn,
      to: fanOutNode(`pass:${l.service}`),
      kind: 'pass-role' as const,
      how: `pass ${TARGET} to ${l.service} (${l.launch.join(' + ')}) and run as it`,
      actions: ['iam:PassRole', ...l.launch],
      allowedBy: [...allowedBy(p, ['iam:PassRole'], () => sample), ...launchStatements.get(l.service)!],
      conditional: pass === 'conditional' || l.conditional,
    }));
  }
  const out: Hop[] = [];
  for (const role of roles) {
    if (role.arn === p.arn) continue;
    const target = launchable.find((l) => trusts.services.get(role.arn)?.has(l.service));
    if (!target) continue;
    const pass = evaluate(p.set, 'iam:PassRole', role.arn);
    if (!ok(pass)) continue;
    out.push({
      from: p.arn,
      to: role.arn,
      kind: 'pass-role',
      how: `pass ${role.name} to ${target.service} (${target.launch.join(' + ')}) and run as it`,
      actions: ['iam:PassRole', ...target.launch],
      allowedBy: [...allowedBy(p, ['iam:PassRole'], () => role.arn), ...launchStatements.get(target.service)!],
      conditional: pass === 'conditional' || target.conditional,
    });
  }
  return out;
}

const CREDENTIALS: { action: string; how: string }[] = [
  { action: 'iam:CreateAccessKey', how: 'create an access key for' },
  { action: 'iam:CreateLoginProfile', how: 'set a console password for' },
  { action: 'iam:UpdateLoginProfile', how: 'reset the console password of' },
];

/**
 * Users whose credentials this principal can mint or reset, and so act as. A grant on every
 * user is a catalogue escalation (P03, P05, P06) and ends the chain already; this follows the
 * grants scoped to some users to the users they name.
 */
export function credentialEdges(p: GraphPrincipal, users: GraphPrincipal[]): Hop[] {
  const actions = CREDENTIALS.filter((c) => allowsAtAll(p, c.action));
  if (!actions.length) return [];
  const out: Hop[] = [];
  for (const u of users) {
    if (u.arn === p.arn) continue;
    for (const way of actions) {
      const d = evaluate(p.set, way.action, u.arn);
      if (!ok(d)) continue;
      out.push({
        from: p.arn,
        to: u.arn,
        kind: 'credential',
        how: `${way.how} user ${u.name} and sign in as it`,
        actions: [way.action],
        allowedBy: allowedBy(p, [way.action], () => u.arn),
        conditional: d === 'conditional',
      });
      break;
    }
  }
  return out;
}

/** Hops from each service's pass fan-out node to every role that service may run as. */
export function passFanOut(roles: GraphRole[], trusts: TrustIndex): Hop[] {
  return PASS_TARGETS.flatMap((t) =>
    roles
      .filter((r) => trusts.services.get(r.arn)?.has(t.service))
      .map((r) => ({
        from: fanOutNode(`pass:${t.service}`),
        to: r.arn,
        kind: 'pass-role' as const,
        how: r.name,
        actions: [],
        allowedBy: [],
        conditional: false,
      })),
  );
}

/** Changes to the principal's own policies, user or groups that make it admin at once. */
export function selfAdmin(p: GraphPrincipal, adminGroups: Set<string>): Hop | undefined {
  const tryActions = (action: string, resource: string, how: string): Hop | undefined => {
    const d = evaluate(p.set, action, resource);
    if (!ok(d)) return undefined;
    return {
      from: p.arn,
      to: 'admin',
      kind: 'self-admin',
      how,
      actions: [action],
      allowedBy: allowedBy(p, [action], () => resource),
      via: { kind: resource.split(':')[5]?.split('/')[0] ?? 'resource', arn: resource, name: resource.split('/').pop() ?? resource },
      conditional: d === 'conditional',
    };
  };
  for (const policy of p.ownPolicies) {
    const hop = tryActions('iam:CreatePolicyVersion', policy, `write a new default version of its own policy ${policy.split('/').pop()}`);
    if (hop) return hop;
  }
  if (p.kind === 'user') {
    for (const [action, what] of [
      ['iam:PutUserPolicy', 'an inline admin policy'],
      ['iam:AttachUserPolicy', 'AdministratorAccess'],
    ] as const) {
      const hop = tryActions(action, p.arn, `give itself ${what} (${action} on its own user)`);
      if (hop) return hop;
    }
  }
  for (const g of p.groups) {
    for (const [action, what] of [
      ['iam:PutGroupPolicy', 'an inline admin policy'],
      ['iam:AttachGroupPolicy', 'AdministratorAccess'],
    ] as const) {
      const hop = tryActions(action, g.arn, `give its group ${g.name} ${what}`);
      if (hop) return hop;
    }
  }
  if (p.kind === 'user') {
    for (const g of adminGroups) {
      const hop = tryActions('iam:AddUserToGroup', g, `join the admin group ${g.split('/').pop()}`);
      if (hop) return hop;
    }
  }
  return undefined;
}

/** Makes a role admin (attach or put a policy on it): with an assume or pass edge, the caller becomes admin. */
export function roleModifiable(p: GraphPrincipal, role: GraphRole): { action: string; allowedBy: HopStatement } | undefined {
  for (const action of ['iam:AttachRolePolicy', 'iam:PutRolePolicy']) {
    if (!ok(evaluate(p.set, action, role.arn))) continue;
    const s = allowingStatement(p.set, action, role.arn);
    return { action, allowedBy: s ? statementRef(s) : { policy: 'unknown', statement: 0 } };
  }
  return undefined;
}
