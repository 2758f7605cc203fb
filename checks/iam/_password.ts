import type { CheckContext, CheckDefinition, CheckResult } from '../../src/engine/check-api.js';
import type { Severity } from '../../src/model/findings.js';
import type { PasswordPolicy, Snapshot } from '../../src/model/snapshot.js';
import { fail, pass, reportUsers, withIam } from '../_lib.js';

export const passwordTerraform = `resource "aws_iam_account_password_policy" "strict" {\n  minimum_password_length        = 14\n  password_reuse_prevention      = 24\n  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n  require_numbers                = true\n  require_symbols                = true\n  allow_users_to_change_password = true\n}`;
export const passwordCli =
  'aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --allow-users-to-change-password';

function consoleUsers(s: Snapshot): { all: number; withoutMfa: number } | undefined {
  const cr = s.iam.credentialReport;
  if (cr.state !== 'ok') return undefined;
  const users = reportUsers(cr.value.rows).filter((r) => r.passwordEnabled === true);
  return { all: users.length, withoutMfa: users.filter((r) => !r.mfaActive).length };
}

/**
 * Runs a password-policy rule. With no policy the rule fails (AWS defaults apply); severity drops
 * to info when no IAM user has a console password (federation-only accounts are unaffected).
 */
export function passwordRule(
  meta: Omit<CheckDefinition, 'evaluate'> & { singleFactorSeverity?: Severity },
  test: (p: PasswordPolicy | undefined, ctx: CheckContext) => { ok: boolean; message: string; evidence: Record<string, unknown> },
): CheckDefinition {
  return {
    ...meta,
    evaluate: (s, ctx): CheckResult[] =>
      withIam(s, ctx, ['passwordPolicy'], ({ passwordPolicy }) => {
        const ref = ctx.accountRef();
        const policy = passwordPolicy.state === 'ok' ? passwordPolicy.value : undefined;
        const r = test(policy, ctx);
        if (r.ok) return [pass(ref)];
        const users = consoleUsers(s);
        let severity: Severity = users?.all === 0 ? 'info' : meta.severity;
        // T19: a weak or missing policy matters more when passwords are the only factor.
        if (meta.singleFactorSeverity && users && users.withoutMfa > 0) severity = meta.singleFactorSeverity;
        return [
          fail(
            ref,
            r.message,
            {
              ...r.evidence,
              passwordPolicyExists: Boolean(policy),
              consoleUsers: users?.all ?? 'unknown',
              consoleUsersWithoutMfa: users?.withoutMfa ?? 'unknown',
            },
            { severity },
          ),
        ];
      }),
  };
}
