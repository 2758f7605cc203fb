import { isEmpty } from '../../src/analysis/sg-exposure.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail } from '../_lib.js';
import { allPortsFamilies, atLeast, contextualSeverity, passUnlessUnknown, sgEvidence, withGaps } from './_ports.js';

export default define({
  id: 'ec2.sg-ingress-all-traffic-internet',
  title: 'Security group allows all traffic from the Internet',
  service: 'ec2',
  severity: 'critical',
  duties: ['network'],
  refs: {
    controls: [...cis7('6.1.2', '6.3', '6.4'), ...cis6('6.1.2', '6.3', '6.4'), ...fsbp('EC2.18', 'EC2.19')],
    prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_all_ports',
  },
  description:
    'An ingress rule whose sources add up to the whole Internet opens every protocol (-1 or an unusual protocol number) or every TCP/UDP port (0-65535).',
  remediation: {
    summary: 'Replace the all-traffic rule with rules for the specific ports the workload serves, from specific sources.',
    cli: `aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'`,
    terraform: `resource "aws_vpc_security_group_ingress_rule" "https" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443\n  cidr_ipv4         = "0.0.0.0/0"\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances'], (region, { securityGroups }) =>
      securityGroups.map((sg) => {
        const ref = ctx.sgRef(region, sg);
        const e = ctx.sgExposure(region, sg);
        if (isEmpty(e)) return passUnlessUnknown(ctx, region, ref, e);
        const open: string[] = [];
        if (e.allTraffic.length) open.push(`all protocols (${e.allTraffic.join(', ')})`);
        for (const proto of ['tcp', 'udp'] as const) {
          const fams = allPortsFamilies(e, proto).filter((f) => !e.allTraffic.includes(f));
          if (fams.length) open.push(`all ${proto.toUpperCase()} ports (${fams.join(', ')})`);
        }
        if (!open.length) return passUnlessUnknown(ctx, region, ref, e);
        const usage = ctx.sgUsage(region, sg);
        return fail(
          ref,
          `${sg.name} (${sg.id}) allows ${open.join(' and ')} from the whole Internet.`,
          sgEvidence(region, sg, usage, { allProtocols: e.allTraffic, tcp: e.tcp, udp: e.udp, prefixLists: e.prefixLists }),
          { severity: contextualSeverity('critical', usage), exposure: withGaps(ctx.sgContext(usage), atLeast(ctx, region, e)) },
        );
      }),
    );
  },
});
