// A graph of who can become whom inside one account, followed to the account's real roles,
// groups and policies (not to a made-up "any target"): role trust, sts:AssumeRole grants,
// iam:PassRole to a service that then runs as the role, and changes to one's own policies,
// groups and user. "Reaches admin" is a breadth-first search over it, so chains of any length
// are found, the shortest first, and cycles end.

import { principalsOf, statementMatchesAction, type PolicySet, type Statement, evaluate, type Decision } from './iam.js';

export interface GraphRole {
  arn: string;
  name: string;
  trust: Statement[];
}

export interface GraphPrincipal {
  arn: string;
  name: string;
  kind: 'user' | 'role';
  set: PolicySet;
  /** Admin on its own (AdministratorAccess or an equivalent grant). */
  admin: boolean;
  /** A privilege escalation it can do on any target, in words (it ends every chain that reaches it). */
  escalates?: string;
  /** Customer-managed policies attached to the principal or, for users, to its groups. */
  ownPolicies: string[];
  /** Groups of a user, with whether each one makes its members admin. */
  groups: { arn: string; name: string }[];
}

export interface Hop {
  from: string;
  to: string;
  how: string;
  conditional: boolean;
}

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

const ok = (d: Decision) => d === 'allow' || d === 'conditional';

interface TrustEntry {
  role: GraphRole;
  statement: Statement;
  /** The statement names the principal itself (or everyone): no identity permission needed. */
  direct: boolean;
}

/** Role trusts indexed by who they name, so each principal looks only at roles that trust it. */
function indexTrusts(roles: GraphRole[], account: string) {
  const byPrincipal = new Map<string, TrustEntry[]>();
  const byAccount: TrustEntry[] = [];
  const anyone: TrustEntry[] = [];
  const services = new Map<string, Set<string>>();
  for (const role of roles) {
    services.set(role.arn, new Set(role.trust.filter((s) => s.effect === 'Allow').flatMap((s) => principalsOf(s.principal).service)));
    for (const st of role.trust) {
      if (st.effect !== 'Allow' || !statementMatchesAction(st, 'sts:AssumeRole')) continue;
      const who = principalsOf(st.principal);
      if (who.any) anyone.push({ role, statement: st, direct: true });
      for (const a of who.aws) {
        if (a === account || (/^arn:[^:]+:iam::\d{12}:root$/.test(a) && a.split(':')[4] === account))
          byAccount.push({ role, statement: st, direct: false });
        else {
          const list = byPrincipal.get(a) ?? [];
          list.push({ role, statement: st, direct: true });
          byPrincipal.set(a, list);
        }
      }
    }
  }
  return { byPrincipal, byAccount, anyone, services };
}

const allowsAtAll = (p: GraphPrincipal, action: string) =>
  p.set.identity.some((s) => s.effect === 'Allow' && statementMatchesAction(s, action));

/** Roles this principal can assume: named in their trust, or trusted as the account with sts:AssumeRole on the role. */
function assumeEdges(p: GraphPrincipal, trusts: ReturnType<typeof indexTrusts>): Hop[] {
  const out = new Map<string, Hop>();
  for (const t of [...(trusts.byPrincipal.get(p.arn) ?? []), ...trusts.anyone]) {
    if (t.role.arn === p.arn || out.has(t.role.arn)) continue;
    const named = principalsOf(t.statement.principal).aws.includes(p.arn);
    out.set(t.role.arn, {
      from: p.arn,
      to: t.role.arn,
      how: `assume ${t.role.name} (its trust names ${named ? 'this principal' : 'everyone'})`,
      conditional: Boolean(t.statement.condition),
    });
  }
  if (allowsAtAll(p, 'sts:AssumeRole')) {
    for (const t of trusts.byAccount) {
      if (t.role.arn === p.arn || out.has(t.role.arn)) continue;
      const d = evaluate(p.set, 'sts:AssumeRole', t.role.arn);
      if (ok(d)) {
        out.set(t.role.arn, {
          from: p.arn,
          to: t.role.arn,
          how: `assume ${t.role.name} (trusted account, sts:AssumeRole allowed)`,
          conditional: d === 'conditional' || Boolean(t.statement.condition),
        });
      }
    }
  }
  return [...out.values()];
}

/** Roles this principal can pass to a service that trusts them and that it can launch. */
function passEdges(
  p: GraphPrincipal,
  roles: GraphRole[],
  trusts: ReturnType<typeof indexTrusts>,
  probe: (action: string) => string,
): Hop[] {
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
      how: `pass ${role.name} to ${target.service} (${target.launch.join(' + ')}) and run as it`,
      conditional: pass === 'conditional' || target.conditional,
    });
  }
  return out;
}

/** Changes to the principal's own policies, user or groups that make it admin at once. */
function selfAdmin(p: GraphPrincipal, adminGroups: Set<string>, userArnOf: (p: GraphPrincipal) => string | undefined): Hop | undefined {
  const tryActions = (actions: string[], resource: string, how: string): Hop | undefined => {
    const ds = actions.map((a) => evaluate(p.set, a, resource));
    return ds.every(ok) ? { from: p.arn, to: 'admin', how, conditional: ds.includes('conditional') } : undefined;
  };
  for (const policy of p.ownPolicies) {
    const hop = tryActions(['iam:CreatePolicyVersion'], policy, `write a new default version of its own policy ${policy.split('/').pop()}`);
    if (hop) return hop;
  }
  const self = userArnOf(p);
  if (self) {
    for (const [action, what] of [
      ['iam:PutUserPolicy', 'an inline admin policy'],
      ['iam:AttachUserPolicy', 'AdministratorAccess'],
    ] as const) {
      const hop = tryActions([action], self, `give itself ${what} (${action} on its own user)`);
      if (hop) return hop;
    }
  }
  for (const g of p.groups) {
    for (const [action, what] of [
      ['iam:PutGroupPolicy', 'an inline admin policy'],
      ['iam:AttachGroupPolicy', 'AdministratorAccess'],
    ] as const) {
      const hop = tryActions([action], g.arn, `give its group ${g.name} ${what}`);
      if (hop) return hop;
    }
  }
  if (p.kind === 'user') {
    for (const g of adminGroups) {
      const hop = tryActions(['iam:AddUserToGroup'], g, `join the admin group ${g.split('/').pop()}`);
      if (hop) return hop;
    }
  }
  return undefined;
}

/** Makes a role admin (attach or put a policy on it): with an assume or pass edge, the caller becomes admin. */
function roleModifiable(p: GraphPrincipal, role: GraphRole): string | undefined {
  for (const action of ['iam:AttachRolePolicy', 'iam:PutRolePolicy']) if (ok(evaluate(p.set, action, role.arn))) return action;
  return undefined;
}

export interface ChainInput {
  account: string;
  principals: GraphPrincipal[];
  roles: GraphRole[];
  /** Group ARNs whose policies make their members admin. */
  adminGroups: Set<string>;
  probe: (action: string) => string;
}

/**
 * For every principal that is not admin itself, the shortest chain of hops to admin, if any,
 * and for those without one, every principal they can reach (to tell a pass from a pass that
 * depends on policies nobody could read). Chains through conditional hops are kept and marked.
 */
export function adminChains(input: ChainInput): { chains: Map<string, Hop[]>; reached: Map<string, Set<string>> } {
  const byArn = new Map(input.principals.map((p) => [p.arn, p]));
  const userArnOf = (p: GraphPrincipal) => (p.kind === 'user' ? p.arn : undefined);
  const trusts = indexTrusts(input.roles, input.account);
  const roleByArn = new Map(input.roles.map((r) => [r.arn, r]));
  const edges = new Map<string, Hop[]>();
  const terminal = new Map<string, Hop | null>(); // principal -> hop to admin (null: admin itself)
  for (const p of input.principals) {
    if (p.admin) terminal.set(p.arn, null);
    else if (p.escalates)
      terminal.set(p.arn, { from: p.arn, to: 'admin', how: `escalate from ${p.name}: ${p.escalates}`, conditional: false });
    else {
      const hop = selfAdmin(p, input.adminGroups, userArnOf);
      if (hop) terminal.set(p.arn, hop);
    }
    // A chain that reaches this principal ends here: its own ways onward do not matter.
    if (terminal.has(p.arn)) continue;
    const assumed = assumeEdges(p, trusts);
    const seen = new Set(assumed.map((h) => h.to));
    const out = [...assumed, ...passEdges(p, input.roles, trusts, input.probe).filter((h) => !seen.has(h.to))];
    for (const reach of out) {
      const modify = terminal.has(p.arn) ? undefined : roleModifiable(p, roleByArn.get(reach.to)!);
      if (modify)
        terminal.set(p.arn, {
          from: p.arn,
          to: 'admin',
          how: `${modify} on ${reach.to.split('/').pop()}, then ${reach.how}`,
          conditional: reach.conditional,
        });
    }
    edges.set(p.arn, out);
  }
  const chains = new Map<string, Hop[]>();
  const reached = new Map<string, Set<string>>();
  for (const start of input.principals) {
    if (start.admin) continue;
    // Breadth-first: the first admin node found ends the shortest chain.
    const seen = new Set([start.arn]);
    let frontier: { arn: string; path: Hop[] }[] = [{ arn: start.arn, path: [] }];
    let found: Hop[] | undefined;
    while (frontier.length && !found) {
      const next: { arn: string; path: Hop[] }[] = [];
      for (const { arn, path } of frontier) {
        const end = terminal.get(arn);
        if (end !== undefined) {
          found = end ? [...path, end] : path;
          break;
        }
        for (const hop of edges.get(arn) ?? []) {
          if (seen.has(hop.to) || !byArn.has(hop.to)) continue;
          seen.add(hop.to);
          next.push({ arn: hop.to, path: [...path, hop] });
        }
      }
      frontier = next;
    }
    if (found?.length) chains.set(start.arn, found);
    else reached.set(start.arn, seen);
  }
  return { chains, reached };
}
