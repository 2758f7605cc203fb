import { define, eachRegion, fail, notAssessed, pass } from '../_lib.js';

export default define({
  id: 'ec2.instance-profile-privileged',
  title: 'Instance profile role has admin or privilege-escalation rights',
  service: 'ec2',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'ec2_instance_internet_facing_with_instance_profile (partial)' },
  description:
    'Anyone who runs code on the instance (or reads IMDS through SSRF) gets the role. Critical when the instance is reachable from the Internet.',
  remediation: {
    summary: 'Give the instance a role scoped to what its software calls; move admin work to humans with MFA.',
    cli: 'aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    terraform: `resource "aws_iam_role_policy_attachment" "app" {\n  role       = aws_iam_role.app.name\n  policy_arn = aws_iam_policy.app_least_privilege.arn\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['instances', 'networkInterfaces'], (region, { instances }) =>
      instances
        .filter((i) => i.instanceProfileArn && i.state !== 'terminated')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          const role = ctx.instanceRole(i);
          if (!role)
            return s.iam.authorizationDetails.state === 'ok' ? pass(ref) : notAssessed(ref, 'IAM authorization details were not collected');
          const a = ctx.principal(role.arn);
          if (!a) return notAssessed(ref, `role ${role.arn} not analysed`);
          const privileged = a.admin !== 'no' || a.escalation.length > 0;
          if (!privileged)
            return a.unknownPolicies.length ? notAssessed(ref, `role policies unreadable: ${a.unknownPolicies.join(', ')}`) : pass(ref);
          const reachable = ctx.instanceReachable(region, i);
          const what =
            a.admin === 'admin'
              ? 'is admin'
              : a.admin === 'conditional'
                ? 'is admin under conditions'
                : `can escalate (${a.escalation.map((e) => e.id).join(', ')})`;
          return fail(
            ref,
            `Instance ${i.id}'s role ${role.name} ${what}${reachable ? '; the instance is reachable from the Internet' : ''}.`,
            {
              region,
              instanceId: i.id,
              roleArn: role.arn,
              admin: a.admin,
              escalation: a.escalation,
              reachable,
              imdsv1: i.metadataHttpTokens !== 'required',
            },
            {
              severity: reachable ? 'critical' : 'high',
              exposure: { reach: reachable ? 3 : 1, blast: a.admin === 'admin' ? 3 : 2, factors: [`role ${role.name} ${what}`] },
            },
          );
        }),
    );
  },
});
