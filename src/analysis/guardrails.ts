// The organization as one account's evaluation sees it: the SCP levels that cap its principals,
// the RCP levels that cap access to its resources, the request facts about its principals
// (ARN, account, organization id and paths), and which other accounts are the organization's.
// Pure; built once per evaluation from snapshot.organization.

import type { GuardrailStatus, OrgContext } from '../model/organization.js';
import { GUARDRAILS_NOT_EVALUATED } from '../model/organization.js';
import { capLevels } from '../policy/guardrails.js';
import type { CapLevel } from '../policy/iam.js';

/** Service-linked roles are not limited by SCPs. */
const SERVICE_LINKED = /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//;

export class Guardrails {
  readonly scp?: CapLevel[];
  readonly rcp?: CapLevel[];
  private readonly problem?: string;

  constructor(
    private readonly org: OrgContext | undefined,
    private readonly accountId: string,
  ) {
    if (!org || org.isManagementAccount || org.problem) {
      this.problem = org?.problem;
      return;
    }
    const scp = org.scp ? capLevels('SCP', org.scp) : { levels: [] };
    const rcp = org.rcp ? capLevels('RCP', org.rcp) : { levels: [] };
    const problems = [scp, rcp].flatMap((r) => ('problem' in r ? [r.problem] : []));
    if (problems.length) {
      this.problem = problems.join('; ');
      return;
    }
    if ('levels' in scp && scp.levels.length) this.scp = scp.levels;
    if ('levels' in rcp && rcp.levels.length) this.rcp = rcp.levels;
  }

  /** Whether the organization is known (its id and accounts), whatever became of its policies. */
  get organizationId(): string | undefined {
    return this.org?.organizationId;
  }

  /** The SCP levels that cap a principal of this account (none for service-linked roles). */
  scpFor(principalArn: string): CapLevel[] | undefined {
    return this.scp && !SERVICE_LINKED.test(principalArn) ? this.scp : undefined;
  }

  /** Request facts about a principal of this account that conditions may test. */
  principalKeys(principalArn: string): Record<string, string | null> {
    return {
      'aws:principalarn': principalArn,
      'aws:principalaccount': this.accountId,
      'aws:principalisawsservice': 'false',
      ...(this.org ? { 'aws:principalorgid': this.org.organizationId, 'aws:principalorgpaths': this.org.orgPath } : {}),
    };
  }

  /** The name of another account of the organization, or undefined when it is not one. */
  memberName(accountId: string): string | undefined {
    return this.org?.members[accountId];
  }

  get managementAccountId(): string | undefined {
    return this.org?.managementAccountId;
  }

  status(): GuardrailStatus {
    const org = this.org;
    if (!org) return { status: 'not-evaluated', reason: GUARDRAILS_NOT_EVALUATED };
    if (org.isManagementAccount) return { status: 'management-account', organizationId: org.organizationId };
    if (this.problem) return { status: 'not-evaluated', organizationId: org.organizationId, reason: this.problem };
    const count = (levels?: CapLevel[]) => (levels ?? []).reduce((n, l) => n + new Set(l.statements.map((s) => s.source)).size, 0);
    return { status: 'evaluated', organizationId: org.organizationId, scps: count(this.scp), rcps: count(this.rcp) };
  }
}
