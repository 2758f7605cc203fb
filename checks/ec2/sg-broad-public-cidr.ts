import { coversInternet, isGloballyRoutable, parseCidr } from '../../src/policy/cidr.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.sg-broad-public-cidr',
  title: 'Ingress from a broad public range that is not the whole Internet',
  service: 'ec2',
  severity: 'medium',
  duties: ['network'],
  refs: { prowler: 'ec2_securitygroup_allow_wide_open_public_ipv4' },
  description:
    'A rule admits a globally routable range broader than /24 (IPv4) or /48 (IPv6) without adding up to the whole Internet (that case is reported by the port checks). High when the range is /8 or broader (IPv4) or /32 or broader (IPv6).',
  remediation: {
    summary:
      'Narrow the source to the addresses that need access (office or VPN egress, partner ranges), or put the service behind a load balancer.',
    cli: `aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=<broad-cidr>}]'`,
    terraform: `resource "aws_vpc_security_group_ingress_rule" "office" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = "203.0.113.0/28"\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups'], (region, { securityGroups }) =>
      securityGroups.map((sg) => {
        const ref = ctx.sgRef(region, sg);
        const broad: { cidr: string; ports: string }[] = [];
        for (const p of sg.ingress) {
          const cidrs = [...p.ipv4.map((r) => r.cidr), ...p.ipv6.map((r) => r.cidr)];
          for (const c of cidrs) {
            const r = parseCidr(c);
            if (!r || r.prefix === 0 || !isGloballyRoutable(c)) continue;
            if (
              coversInternet(
                cidrs.filter((x) => parseCidr(x)?.family === r.family),
                r.family,
              )
            )
              continue; // whole Internet: port checks
            if (r.prefix >= (r.family === 'ipv4' ? 24 : 48)) continue;
            broad.push({
              cidr: c,
              ports: p.protocol === '-1' ? 'all' : `${p.protocol}/${p.fromPort ?? 'all'}${p.toPort !== p.fromPort ? `-${p.toPort}` : ''}`,
            });
          }
        }
        if (!broad.length) return pass(ref);
        const veryBroad = broad.some((b) => {
          const r = parseCidr(b.cidr)!;
          return r.prefix <= (r.family === 'ipv4' ? 8 : 32);
        });
        return fail(
          ref,
          `${sg.name} (${sg.id}) admits broad public ranges: ${broad.map((b) => `${b.cidr} on ${b.ports}`).join(', ')}.`,
          { region, groupId: sg.id, ranges: broad },
          { severity: veryBroad ? 'high' : 'medium', exposure: ctx.sgContext(ctx.sgUsage(region, sg)) },
        );
      }),
    );
  },
});
