import { guardingConditions, principalsOf, statementMatchesAction } from '../../src/policy/iam.js';
import { define, fail, pass } from '../_lib.js';
import { eachTrust, rolePrivilege } from './_trust.js';

const MULTI_TENANT = ['token.actions.githubusercontent.com', 'gitlab.com', 'app.terraform.io', 'oidc.circleci.com', 'accounts.google.com'];

export default define({
  id: 'iam.role-trust-oidc-unscoped',
  title: 'Web-identity (OIDC) trust not scoped to a subject',
  service: 'iam',
  severity: 'high',
  duties: ['identity', 'credentials'],
  refs: {},
  description:
    'A federated web-identity trust has no condition on <issuer>:sub, or matches it with a wildcard such as "*" or "repo:*". Critical for multi-tenant issuers (GitHub Actions, GitLab, Terraform Cloud): any of their customers could assume the role. An aud-only condition is not enough.',
  remediation: {
    summary: 'Pin <issuer>:sub to the exact repository/branch or service account, with StringEquals where possible.',
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json',
    terraform: `condition {\n  test     = "StringEquals"\n  variable = "token.actions.githubusercontent.com:sub"\n  values   = ["repo:my-org/my-repo:ref:refs/heads/main"]\n}`,
  },
  evaluate: (s, ctx) =>
    eachTrust(s, ctx, (role, stmts) => {
      const ref = ctx.iamRef('role', role.arn, role.name);
      const problems: { issuer: string; sub: string[] }[] = [];
      for (const st of stmts) {
        if (st.effect !== 'Allow' || !statementMatchesAction(st, 'sts:AssumeRoleWithWebIdentity')) continue;
        for (const fed of principalsOf(st.principal).federated) {
          const issuer = fed.includes('oidc-provider/') ? fed.split('oidc-provider/')[1]! : fed;
          if (issuer === 'cognito-identity.amazonaws.com') {
            if (!guardingConditions(st).some((c) => c.key === 'cognito-identity.amazonaws.com:aud')) problems.push({ issuer, sub: [] });
            continue;
          }
          if (!fed.includes('oidc-provider/')) continue; // SAML providers are out of scope here
          const sub = guardingConditions(st).filter((c) => c.key === `${issuer.toLowerCase()}:sub`);
          const values = sub.flatMap((c) => c.values);
          const wide =
            values.length === 0 ||
            values.some((v) => v === '*' || /^repo:\*/.test(v) || /^repo:[^/]+\/\*/.test(v) || /^system:serviceaccount:\*/.test(v));
          if (wide) problems.push({ issuer, sub: values });
        }
      }
      if (!problems.length) return [pass(ref)];
      const multi = problems.some((p) => MULTI_TENANT.some((m) => p.issuer.startsWith(m)));
      const priv = rolePrivilege(ctx, role);
      return [
        fail(
          ref,
          `Role ${role.name} trusts ${problems.map((p) => p.issuer).join(', ')} without a specific subject condition; ${priv.label}.`,
          { role: role.arn, issuers: problems },
          { severity: multi ? 'critical' : 'high', exposure: { reach: multi ? 3 : 2, blast: priv.blast, factors: [priv.label] } },
        ),
      ];
    }),
});
