// Edges through compute that already runs as a role: replace a function's code, run commands on
// an instance through SSM, rewrite an instance's user data. Each needs the function or
// instance to exist: the hop lands on its role, through it. A resource-tag condition that
// blocks the caller still opens the hop when the caller may set that tag on the resource.
// And the one policy change that needs an old version: making it the default again. Pure.

import { allowedBy, allowsAtAll, ok } from './graph-edges.js';
import { fanOutNode, resourceFree, TARGET, type GraphPrincipal, type Hop } from './graph-types.js';
import { conditionKeys, evaluate, type PolicySet, type Statement } from './iam.js';

export interface ComputeTarget {
  kind: 'function' | 'instance' | 'stack' | 'build-project';
  arn: string;
  name: string;
  region: string;
  roleArn: string;
  /** Undefined when not read: resource-tag conditions on it stay undecided. */
  tags?: Record<string, string>;
}

interface Hijack {
  actions: string[];
  how: string;
}

const HIJACKS: Record<ComputeTarget['kind'], Hijack[]> = {
  function: [
    { actions: ['lambda:UpdateFunctionCode'], how: 'replace the code of function' },
    { actions: ['lambda:UpdateFunctionConfiguration'], how: 'add a layer to function' },
  ],
  instance: [
    { actions: ['ssm:SendCommand'], how: 'run commands through SSM on instance' },
    { actions: ['ssm:StartSession'], how: 'open an SSM session on instance' },
    { actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'], how: 'rewrite the user data of instance' },
  ],
  // Updating a stack reuses its service role without iam:PassRole.
  stack: [
    { actions: ['cloudformation:UpdateStack'], how: 'update the template of stack' },
    { actions: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], how: 'run a change set on stack' },
  ],
  'build-project': [
    { actions: ['codebuild:StartBuild'], how: 'start a build with its own buildspec in project' },
    { actions: ['codebuild:StartBuildBatch'], how: 'start a batch build with its own buildspec in project' },
  ],
};

/** The action that sets a tag on a target, where incloud reads that target's tags. */
const TAGGING: Partial<Record<ComputeTarget['kind'], string>> = { function: 'lambda:TagResource', instance: 'ec2:CreateTags' };
const HOP_KIND: Record<ComputeTarget['kind'], Hop['kind']> = {
  function: 'hijack-function',
  instance: 'run-on-instance',
  stack: 'hijack-stack',
  'build-project': 'hijack-build',
};

/** Resource-tag condition keys the tagging action sets. */
const TAG_KEYS = ['aws:resourcetag/', 'ec2:resourcetag/', 'lambda:resourcetag/'];

/** The resource each action of a hijack is asked on: SendCommand also needs the shell document. */
const resourceFor = (t: ComputeTarget) => (action: string) =>
  action === 'ssm:SendCommand#document' ? `arn:aws:ssm:${t.region}::document/AWS-RunShellScript` : t.arn;

function attempt(set: PolicySet, t: ComputeTarget, h: Hijack): { conditional: boolean } | undefined {
  const asks = h.actions.flatMap((a) => (a === 'ssm:SendCommand' ? [a, `${a}#document`] : [a]));
  const ds = asks.map((a) => evaluate(set, a.split('#')[0]!, resourceFor(t)(a)));
  return ds.every(ok) ? { conditional: ds.includes('conditional') } : undefined;
}

/**
 * Hops to the roles of existing functions and instances that this principal can take over.
 * When its grants do not depend on which function or instance it is (every statement covers
 * all of them, no tag condition), one hop goes to the fan-out node of that kind instead of
 * one per target: the graph stays linear in principals plus targets.
 */
export function computeEdges(p: GraphPrincipal, targets: ComputeTarget[]): Hop[] {
  const kinds = (Object.keys(HIJACKS) as ComputeTarget['kind'][]).filter((k) => HIJACKS[k].some((h) => allowsAtAll(p, h.actions[0]!)));
  if (!kinds.length || !p.set.context) return [];
  const out = new Map<string, Hop>();
  // Tags matter only to a principal whose statements test them; the rest keep one shared context (and its cached verdicts).
  const tagSensitive = p.set.identity.some((s) => conditionKeys(s).some((k) => k.includes(':resourcetag/')));
  const perTarget = new Set<ComputeTarget['kind']>();
  for (const kind of kinds) {
    const sample = targets.find((t) => t.kind === kind);
    if (!sample) continue;
    const actions = HIJACKS[kind].flatMap((h) => h.actions);
    if (tagSensitive || !resourceFree(p.set, actions, sample.arn)) {
      perTarget.add(kind);
      continue;
    }
    for (const h of HIJACKS[kind]) {
      const found = attempt(p.set, sample, h);
      if (!found) continue;
      out.set(fanOutNode(kind), {
        from: p.arn,
        to: fanOutNode(kind),
        kind: HOP_KIND[kind],
        how: `${h.how} ${TARGET}`,
        actions: h.actions,
        allowedBy: allowedBy(p, h.actions, () => sample.arn),
        conditional: found.conditional,
      });
      break;
    }
  }
  for (const t of targets) {
    if (!perTarget.has(t.kind) || t.roleArn === p.arn || out.has(t.roleArn)) continue;
    const real: PolicySet = t.tags && tagSensitive ? { ...p.set, context: { ...p.set.context, resourceTags: t.tags } } : p.set;
    const tagged: PolicySet = { ...p.set, context: { ...real.context!, controlled: TAG_KEYS } };
    const tagging = TAGGING[t.kind];
    const canTag = tagSensitive && tagging !== undefined && ok(evaluate(real, tagging, t.arn));
    for (const h of HIJACKS[t.kind]) {
      const direct = attempt(real, t, h);
      const viaTag = direct ? undefined : canTag ? attempt(tagged, t, h) : undefined;
      const found = direct ?? viaTag;
      if (!found) continue;
      const actions = viaTag ? [tagging!, ...h.actions] : h.actions;
      out.set(t.roleArn, {
        from: p.arn,
        to: t.roleArn,
        kind: viaTag ? 'set-tag' : HOP_KIND[t.kind],
        how: `${viaTag ? `tag ${t.name} to meet the condition (${tagging}), then ` : ''}${h.how} ${t.name}, which runs as ${t.roleArn.split('/').pop()}`,
        actions,
        allowedBy: allowedBy({ ...p, set: viaTag ? tagged : real }, actions, () => t.arn),
        via: { kind: t.kind, arn: t.arn, name: t.name },
        conditional: found.conditional,
      });
      break;
    }
  }
  return [...out.values()];
}

/** Hops from a fan-out node to the role of every target of its kind (one per role). */
export function computeFanOut(targets: ComputeTarget[]): Hop[] {
  const out = new Map<string, Hop>();
  for (const t of targets) {
    const key = `${t.kind} ${t.roleArn}`;
    if (out.has(key)) continue;
    out.set(key, {
      from: fanOutNode(t.kind),
      to: t.roleArn,
      kind: HOP_KIND[t.kind],
      how: `${t.name}, which runs as ${t.roleArn.split('/').pop()}`,
      actions: [],
      allowedBy: [],
      via: { kind: t.kind, arn: t.arn, name: t.name },
      conditional: false,
    });
  }
  return [...out.values()];
}

/** Making an old version of its own policy the default again, when that version grants admin. */
export function policyVersionEdge(
  p: GraphPrincipal,
  versions: Map<string, { versionId: string; statements: Statement[] }[]>,
  grantsAdmin: (statements: Statement[]) => boolean,
): Hop | undefined {
  for (const policy of p.ownPolicies) {
    const older = versions.get(policy)?.find((v) => grantsAdmin(v.statements));
    if (!older) continue;
    const d = evaluate(p.set, 'iam:SetDefaultPolicyVersion', policy);
    if (!ok(d)) continue;
    const name = policy.split('/').pop()!;
    return {
      from: p.arn,
      to: 'admin',
      kind: 'policy-version',
      how: `make version ${older.versionId} of its own policy ${name} the default (iam:SetDefaultPolicyVersion); that version grants admin`,
      actions: ['iam:SetDefaultPolicyVersion'],
      allowedBy: allowedBy(p, ['iam:SetDefaultPolicyVersion'], () => policy),
      via: { kind: 'policy', arn: policy, name },
      conditional: d === 'conditional',
    };
  }
  return undefined;
}
