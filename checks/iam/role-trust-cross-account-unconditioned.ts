import { guardingConditions, principalAccount, principalsOf } from '../../src/policy/iam.js';
import { define, fail, pass } from '../_lib.js';

/** The role AWS Organizations creates in member accounts for the management account. */
const MEMBER_ACCESS_ROLE = 'OrganizationAccountAccessRole';
import { allowsAssume, eachTrust, rolePrivilege } from './_trust.js';

export default define({
  id: 'iam.role-trust-cross-account-unconditioned',
  title: 'Role trusts another account without ExternalId, MFA or organisation condition',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'data-access'],
  refs: {},
  description:
    'A trust statement names an account other than this one (not on the trusted list) and has no sts:ExternalId, aws:MultiFactorAuthPresent or aws:PrincipalOrgID condition: a third party can be tricked into acting for someone else (confused deputy). High when the role is admin or can escalate. In an organization scan, an account of the same organization is internal: low (medium for an admin role), named; the OrganizationAccountAccessRole that trusts the management account is expected.',
  remediation: {
    summary: "Require the third party's ExternalId (or MFA, or your organisation id) in the trust statement.",
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-externalid.json',
    terraform: `data "aws_iam_policy_document" "trust" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::<vendor-account>:root"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "sts:ExternalId"\n      values   = ["<external-id>"]\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachTrust(s, ctx, (role, stmts) => {
      const ref = ctx.iamRef('role', role.arn, role.name);
      const accounts = new Set<string>();
      for (const st of stmts) {
        if (!allowsAssume(st)) continue;
        const keys = guardingConditions(st);
        const guarded =
          keys.some((c) => c.key === 'sts:externalid' && /^String(Equals|Like)$/.test(c.operator) && c.values.some((v) => v !== '*')) ||
          keys.some((c) => c.key === 'aws:multifactorauthpresent' && /^Bool$/.test(c.operator) && c.values.includes('true')) ||
          keys.some((c) => c.key === 'aws:principalorgid');
        if (guarded) continue;
        for (const p of principalsOf(st.principal).aws) {
          const acct = principalAccount(p);
          if (acct && acct !== '*' && acct !== ctx.accountId && !ctx.config.trustedAccounts.includes(acct)) accounts.add(acct);
        }
      }
      // The role an organization creates in each member for its management account is expected there.
      if (role.name === MEMBER_ACCESS_ROLE) accounts.delete(ctx.orgManagementAccount() ?? '');
      if (!accounts.size) return [pass(ref)];
      const priv = rolePrivilege(ctx, role);
      const external = [...accounts].filter((a) => !ctx.orgMember(a));
      const internal = [...accounts].filter((a) => ctx.orgMember(a)).map((a) => `${ctx.orgMember(a)} (${a})`);
      const named = [
        ...(external.length ? [`account(s) ${external.join(', ')}`] : []),
        ...(internal.length ? [`sister account(s) ${internal.join(', ')} of this organization`] : []),
      ];
      const severity = external.length ? (priv.blast >= 2 ? 'high' : 'medium') : priv.blast >= 3 ? 'medium' : 'low';
      return [
        fail(
          ref,
          `Role ${role.name} trusts ${named.join(' and ')} without ExternalId, MFA or organisation condition; ${priv.label}.`,
          { role: role.arn, accounts: [...accounts], outsideOrganization: external, inOrganization: internal },
          {
            severity,
            exposure: {
              reach: external.length ? 2 : 1,
              blast: priv.blast,
              factors: [
                priv.label,
                external.length ? 'trusts an account outside the organization' : 'trusts accounts of the same organization only',
              ],
            },
          },
        ),
      ];
    }),
});
