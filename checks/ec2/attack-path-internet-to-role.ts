import { fingerprintOf } from '../../src/model/fingerprint.js';
import { describeInterval, isEmpty } from '../../src/analysis/sg-exposure.js';
import { evaluate as decide } from '../../src/policy/iam.js';
import { probeResource } from '../../src/policy/privesc.js';
import { define, eachRegion, fail, notAssessed, pass } from '../_lib.js';

const DATA_READS = ['s3:GetObject', 'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'kms:Decrypt', 'dynamodb:Scan'];

export default define({
  id: 'ec2.attack-path-internet-to-role',
  title: 'Attack path: Internet to a running instance whose role is admin or reads data',
  service: 'ec2',
  severity: 'critical',
  duties: ['network', 'identity', 'data-access'],
  refs: { prowler: 'ec2_instance_internet_facing_with_instance_profile (combined)' },
  description:
    'One finding for the whole chain: the Internet reaches open ports through the security groups of a running instance with a public address and an ' +
    'Internet gateway route, and the instance profile role is admin, can escalate or reach admin, or reads data (objects, secrets, parameters, keys) ' +
    'on every resource. A remote-login or SSRF compromise of that one host becomes an account or data compromise. It ranks above every single ' +
    'finding it is built from, which stay in the report and are linked from its evidence. Critical for admin, high for data access.',
  remediation: {
    summary:
      'Break the chain at its cheapest hop: close the ports to the Internet (or put the host behind a load balancer), remove the public IP, or scope the role.',
    cli: 'aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --groups <restricted-sg-id>',
    terraform: `resource "aws_instance" "app" {\n  # ...\n  associate_public_ip_address = false\n  iam_instance_profile        = aws_iam_instance_profile.least_privilege.name\n}`,
  },
  evaluate(s, ctx) {
    const fp = (checkId: string, arn: string, discriminator?: string) => ({
      checkId,
      fingerprint: fingerprintOf(checkId, arn, discriminator),
    });
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances', 'routeTables'], (region, { instances }) =>
      instances
        .filter((i) => i.instanceProfileArn && i.state === 'running')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          const role = ctx.instanceRole(i);
          const enis = ctx
            .instanceEnis(region, i)
            .map((eni) => ({ eni, reach: ctx.eniReach(region, eni), exposure: ctx.eniExposure(region, eni) }));
          const open = enis.find((x) => x.reach.level >= 3 && !isEmpty(x.exposure));
          // Missing context is "not assessed", never a pass.
          if (!open) {
            const unknown = enis.find((x) => x.reach.level >= 3 && x.exposure.unknownPrefixLists.length);
            return unknown ? notAssessed(ref, ctx.prefixListGap(region, unknown.exposure.unknownPrefixLists)) : pass(ref);
          }
          if (!role) {
            return s.iam.authorizationDetails.state === 'ok'
              ? pass(ref)
              : notAssessed(ref, 'IAM authorization details were not collected: the role is unknown');
          }
          const a = ctx.principal(role.arn);
          if (!a) return notAssessed(ref, `role ${role.name} not analysed`);
          const chain = a.admin === 'no' && !a.escalation.length ? ctx.adminChain(role.arn) : undefined;
          const reads = DATA_READS.filter((act) => decide(a.set, act, probeResource(act, ctx.accountId, ctx.partition)) === 'allow');
          const power =
            a.admin === 'admin'
              ? 'is admin'
              : a.escalation.length
                ? `can escalate (${a.escalation.map((e) => e.id).join(', ')})`
                : chain
                  ? `reaches admin in ${chain.length} step(s)`
                  : undefined;
          if (!power && !reads.length)
            return a.unknownPolicies.length
              ? notAssessed(ref, `role ${role.name}: policies not readable (${a.unknownPolicies.join(', ')})`)
              : pass(ref);
          const e = open.exposure;
          const ports = [
            ...e.allTraffic.map((f) => `all traffic (${f})`),
            ...e.tcp.map((iv) => describeInterval('tcp', iv)),
            ...e.udp.map((iv) => describeInterval('udp', iv)),
          ];
          const groups = open.eni.groupIds.map((id) => ctx.securityGroup(region, id)).filter((g) => g !== undefined);
          const hops = [
            { hop: 'Internet', detail: `open ports ${ports.join(', ')}` },
            { hop: 'security groups', detail: groups.map((g) => `${g.name} (${g.id})`).join(', ') },
            { hop: 'instance', detail: `${i.id} at ${open.reach.publicIpv4 ?? open.reach.ipv6[0]}, running, Internet gateway route` },
            { hop: 'instance profile', detail: i.instanceProfileArn },
            { hop: 'role', detail: `${role.name} ${power ?? `reads ${reads.join(', ')} on every resource`}` },
          ];
          const instanceArn = ref.arn;
          const linked = [
            fp('ec2.eni-internet-exposed', instanceArn, open.eni.id),
            fp('ec2.instance-profile-privileged', instanceArn),
            ...groups.flatMap((g) =>
              ['ec2.sg-ssh-open-internet', 'ec2.sg-rdp-open-internet', 'ec2.sg-ingress-all-traffic-internet'].map((c) =>
                fp(c, ctx.sgRef(region, g).arn),
              ),
            ),
          ];
          return fail(
            ref,
            `Attack path: the Internet reaches ${i.id} on ${ports.slice(0, 4).join(', ')} and its role ${role.name} ${power ?? `reads data (${reads.join(', ')}) everywhere`}.`,
            { region, instanceId: i.id, role: role.arn, hops, chain: chain?.map((h) => h.how), linkedFindings: linked },
            {
              severity: power ? 'critical' : 'high',
              chain: true,
              exposure: {
                reach: 3,
                blast: power ? 3 : 2,
                factors: [
                  `Internet reaches ${ports.slice(0, 3).join(', ')}`,
                  `public instance ${i.id}`,
                  `role ${role.name} ${power ?? 'reads data everywhere'}`,
                ],
              },
            },
          );
        }),
    );
  },
});
