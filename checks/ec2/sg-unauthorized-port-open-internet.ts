import { describeInterval, isEmpty, subtractRanges } from '../../src/analysis/sg-exposure.js';
import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';
import { allPortsFamilies, atLeast, contextualSeverity, passUnlessUnknown, sgEvidence, withGaps } from './_ports.js';

const EXEMPT_TYPES = new Set(['api_gateway_managed', 'vpc_endpoint', 'network_load_balancer', 'gateway_load_balancer']);

export default define({
  id: 'ec2.sg-unauthorized-port-open-internet',
  title: 'Port outside the allow-list open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.18')], prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_any_port' },
  description:
    'The Internet can reach ports other than the authorised ones (default tcp/80 and tcp/443) that no more specific check names. Groups used only by load balancers, API Gateway or VPC endpoints are exempt.',
  remediation: {
    summary:
      'Close the port to the Internet, or add it to authorizedTcpPorts/authorizedUdpPorts in the incloud config if it is meant to be public.',
    cli: `aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=<from>,ToPort=<to>,IpRanges=[{CidrIp=0.0.0.0/0}]'`,
    terraform: `# keep only the intended public listeners\nresource "aws_vpc_security_group_ingress_rule" "https" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol = "tcp"\n  from_port   = 443\n  to_port     = 443\n  cidr_ipv4   = "0.0.0.0/0"\n}`,
  },
  evaluate(s, ctx) {
    const c = ctx.config;
    const named = [
      { from: 22, to: 22 },
      { from: 3389, to: 3389 },
      ...c.datastorePorts,
      ...c.fileSharePorts,
      ...c.remoteMgmtPorts,
      ...c.highRiskPorts.map((p) => ({ from: p, to: p })),
    ];
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances'], (region, { securityGroups }) =>
      securityGroups.map((sg) => {
        const ref = ctx.sgRef(region, sg);
        const e = ctx.sgExposure(region, sg);
        if (isEmpty(e)) return passUnlessUnknown(ctx, region, ref, e);
        const usage = ctx.sgUsage(region, sg);
        if (
          usage.enis.length > 0 &&
          usage.enis.every(
            (r) =>
              EXEMPT_TYPES.has(r.eni.interfaceType ?? '') || r.eni.requesterId === 'amazon-elb' || r.eni.instanceOwnerId === 'amazon-elb',
          )
        )
          return pass(ref);
        const unauthorized: string[] = [];
        for (const proto of ['tcp', 'udp'] as const) {
          if (allPortsFamilies(e, proto).length) continue; // reported as all-traffic
          const allowed = (proto === 'tcp' ? c.authorizedTcpPorts : c.authorizedUdpPorts).map((p) => ({ from: p, to: p }));
          for (const iv of e[proto]) {
            for (const r of subtractRanges({ from: iv.from, to: iv.to }, [...allowed, ...named]))
              unauthorized.push(describeInterval(proto, r));
          }
        }
        if (!unauthorized.length) return passUnlessUnknown(ctx, region, ref, e);
        return fail(
          ref,
          `${sg.name} (${sg.id}) opens ${unauthorized.join(', ')} to the whole Internet; only ${c.authorizedTcpPorts.map((p) => `tcp/${p}`).join(', ') || 'no ports'} are authorised.`,
          sgEvidence(region, sg, usage, unauthorized),
          { severity: contextualSeverity('high', usage, 'high'), exposure: withGaps(ctx.sgContext(usage), atLeast(ctx, region, e)) },
        );
      }),
    );
  },
});
