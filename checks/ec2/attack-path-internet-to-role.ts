import { dataOutcome, dataWitness, entryHops, pathLine, witnessOf } from '../../src/analysis/witness.js';
import { define, eachRegion, fail, notAssessed, pass } from '../_lib.js';

export default define({
  id: 'ec2.attack-path-internet-to-role',
  title: 'Attack path: Internet to a running instance whose role reaches admin or data',
  service: 'ec2',
  severity: 'critical',
  duties: ['network', 'identity', 'data-access'],
  refs: { prowler: 'ec2_instance_internet_facing_with_instance_profile (combined)' },
  description:
    'One finding for the whole chain, each hop with what allows it: the Internet opens a connection to a running instance (a public address, an ' +
    'Internet gateway route, an inbound security-group rule from everywhere and a network ACL that lets it in); its instance profile hands the role ' +
    'to whoever runs code there (one SSRF request when IMDSv1 is allowed); and the role is admin, reaches admin through other roles, passed roles, ' +
    'functions or instances it can take over, or reads, writes, deletes or re-polices a named bucket. It ranks above every finding it is built ' +
    'from, which are linked under it. Critical for admin, a bucket policy change, writes to a publicly read bucket or deletes; high for reads and writes.',
  remediation: {
    summary:
      'Break the chain at its cheapest hop: close the ports to the Internet (or put the host behind a load balancer), remove the public IP, require IMDSv2, or scope the role.',
    cli: 'aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --groups <restricted-sg-id>',
    terraform: `resource "aws_instance" "app" {\n  # ...\n  associate_public_ip_address = false\n  iam_instance_profile        = aws_iam_instance_profile.least_privilege.name\n  metadata_options { http_tokens = "required" }\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances', 'routeTables'], (region, { instances }) =>
      instances
        .filter((i) => i.instanceProfileArn && i.state === 'running')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          const role = ctx.instanceRole(i);
          const network = entryHops(ctx, region, i, role?.name ?? '?');
          // Missing context is "not assessed", never a pass.
          if (!network) {
            const unknown = ctx.instanceEnis(region, i).find((e) => ctx.eniExposure(region, e).unknownPrefixLists.length);
            return unknown ? notAssessed(ref, ctx.prefixListGap(region, ctx.eniExposure(region, unknown).unknownPrefixLists)) : pass(ref);
          }
          if (!role)
            return s.iam.authorizationDetails.state === 'ok'
              ? pass(ref)
              : notAssessed(ref, 'IAM authorization details were not collected: the role is unknown');
          const a = ctx.principal(role.arn);
          if (!a) return notAssessed(ref, `role ${role.name} not analysed`);
          const chain = a.admin === 'admin' ? [] : ctx.adminChain(role.arn);
          const data = ctx.dataReach(role.arn)[0];
          if (!chain && !data)
            return a.unknownPolicies.length
              ? notAssessed(ref, `role ${role.name}: policies not readable (${a.unknownPolicies.join(', ')})`)
              : pass(ref);
          const toAdmin = chain !== undefined;
          const hops = [...network.hops, ...(toAdmin ? witnessOf(chain, true) : dataWitness(role.arn, data!))];
          const outcome = toAdmin
            ? a.admin === 'admin'
              ? `${role.name} is admin`
              : `${role.name} reaches admin in ${chain.length} step(s)`
            : `${role.name} can ${dataOutcome(data!)}`;
          const impact = toAdmin ? 3 : data!.impact;
          const conditional = hops.some((h) => h.conditional);
          const severity = conditional ? 'high' : toAdmin || impact >= 3 || data!.grant.access.includes('delete') ? 'critical' : 'high';
          const instanceArn = ref.arn;
          return fail(
            ref,
            `Attack path: the Internet reaches ${i.id} on ${network.entry.ports.slice(0, 3).join(', ')} and ${outcome}: ${pathLine(hops, 'Internet')}.`,
            { region, instanceId: i.id, role: role.arn, target: toAdmin ? 'admin' : data!.grant.bucket.name, hops },
            {
              severity,
              chain: true,
              links: [
                ...[
                  'ec2.eni-internet-exposed',
                  'ec2.instance-profile-privileged',
                  'ec2.instance-imdsv1-allowed',
                  'ec2.instance-public-ip',
                ].map((checkId) => ({ checkId, resource: instanceArn })),
                ...network.groups.map((g) => ({ checkId: 'ec2.sg-*', resource: ctx.sgRef(region, g).arn })),
                ...[
                  'iam.principal-reaches-admin',
                  'iam.principal-privilege-escalation',
                  'iam.principal-admin',
                  'iam.principal-reaches-data',
                ].map((checkId) => ({ checkId, resource: role.arn })),
              ],
              exposure: {
                reach: 3,
                blast: impact,
                factors: [`Internet reaches ${i.id}`, outcome, ...(conditional ? ['a hop holds only under a condition'] : [])],
              },
            },
          );
        }),
    );
  },
});
