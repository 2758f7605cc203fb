// What an organization's SCPs take away from one principal: the admin rights and privilege
// escalations its own policies grant but a guardrail refuses, each with the policy, the level
// it is attached at and the statement that refuses it (or the level where nothing allows it).
// Pure.

import { ADMIN_PROBE_ACTIONS, adminLevel, capRefusal, evaluate, type AdminLevel, type PolicySet } from '../policy/iam.js';
import { escalationPaths, probeResource, type EscalationMatch } from '../policy/privesc.js';

export interface GuardrailBlock {
  /** Its policies make it admin, but the guardrails refuse all of it: why. */
  admin?: string;
  /**
   * Its policies make it admin and the guardrails refuse only part of it (an SCP that denies IAM
   * writes, an allow-list of services): it stays admin for everything else, so its findings keep
   * their severity and say what the guardrail does take away.
   */
  adminCapped?: string;
  /** Escalations its policies allow that a guardrail refuses, each with why. */
  escalations: { id: string; actions: string[]; by: string }[];
}

/** "SCP p-… (Name) at OU Prod (ou-…), statement "Sid"", or the level where no SCP allows the action. */
function refusalText(set: PolicySet, action: string, resource: string): string | undefined {
  const r = capRefusal(set, action, resource);
  if (!r) return undefined;
  if (!r.statement) return `${action} is allowed by none of the ${r.level.label}`;
  return `${r.statement.source} denies ${action} (statement ${JSON.stringify(r.statement.sid ?? r.statement.index ?? 0)})`;
}

export function guardrailBlock(
  set: PolicySet,
  admin: AdminLevel,
  escalations: EscalationMatch[],
  account: string,
  partition: string,
): GuardrailBlock | undefined {
  if (!set.caps) return undefined;
  const raw: PolicySet = { ...set, caps: undefined };
  const out: GuardrailBlock = { escalations: [] };
  if (admin !== 'admin' && adminLevel(raw) === 'admin') {
    const refused = ADMIN_PROBE_ACTIONS.filter((a) => !['allow', 'conditional'].includes(evaluate(set, a)));
    const by = refused.map((a) => refusalText(set, a, '*')).find(Boolean) ?? 'an SCP refuses part of it';
    if (refused.length === ADMIN_PROBE_ACTIONS.length) out.admin = by;
    else if (refused.length) out.adminCapped = by;
  }
  const kept = new Set(escalations.map((e) => e.id));
  for (const e of escalationPaths(raw, account, partition)) {
    if (kept.has(e.id)) continue;
    const by = e.actions.map((a) => refusalText(set, a, probeResource(a, account, partition))).find(Boolean);
    if (by) out.escalations.push({ id: e.id, actions: e.actions, by });
  }
  return out.admin || out.adminCapped || out.escalations.length ? out : undefined;
}
