import type { CheckContext, CheckResult } from '../../src/engine/check-api.js';
import type { IamRole, Snapshot } from '../../src/model/snapshot.js';
import { PolicyParseError, statementMatchesAction, statementsOf, type Statement } from '../../src/policy/iam.js';
import { notAssessed } from '../_lib.js';
import { isServiceLinked, withAad } from './_principals.js';

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession'];

export function allowsAssume(s: Statement): boolean {
  return s.effect === 'Allow' && ASSUME_ACTIONS.some((a) => statementMatchesAction(s, a));
}

/** Role privilege for trust findings: admin or escalation makes external trust worse. */
export function rolePrivilege(ctx: CheckContext, role: IamRole): { blast: number; label: string } {
  const a = ctx.principal(role.arn);
  if (a?.admin === 'admin') return { blast: 3, label: 'role is admin' };
  if (a && (a.admin === 'conditional' || a.escalation.length)) return { blast: 2, label: 'role can escalate privileges' };
  return { blast: 1, label: 'role has limited permissions' };
}

/** Calls fn with each non-service-linked role's parsed trust statements. */
export function eachTrust(s: Snapshot, ctx: CheckContext, fn: (role: IamRole, stmts: Statement[]) => CheckResult[]): CheckResult[] {
  return withAad(s, ctx, (aad) =>
    aad.roles
      .filter((r) => !isServiceLinked(r))
      .flatMap((role) => {
        try {
          return fn(role, statementsOf(role.trustPolicy));
        } catch (e) {
          if (e instanceof PolicyParseError)
            return [notAssessed(ctx.iamRef('role', role.arn, role.name), `trust policy unreadable: ${e.message}`)];
          throw e;
        }
      }),
  );
}
