// Shared logic of the "port X open to the Internet" security-group checks.

import type { CheckContext, CheckDefinition, CheckResult, SgUsage } from '../../src/engine/check-api.js';
import type { PortRange } from '../../src/model/check-config.js';
import { describeInterval, isEmpty, type InternetExposure } from '../../src/analysis/sg-exposure.js';
import type { Severity } from '../../src/model/findings.js';
import type { SecurityGroup } from '../../src/model/snapshot.js';
import type { Family } from '../../src/policy/cidr.js';
import type { RankContext, ResourceRef } from '../../src/model/findings.js';
import { eachRegion, fail, notAssessed, pass, shift } from '../_lib.js';

/**
 * A security group that passes on what is known, but whose rules use prefix lists we could
 * not read, is "not assessed": the unread list may hold 0.0.0.0/0.
 */
export function passUnlessUnknown(
  ctx: CheckContext,
  region: string,
  ref: ResourceRef,
  e: InternetExposure,
  discriminator?: string,
): CheckResult {
  if (e.unknownPrefixLists.length) return notAssessed(ref, ctx.prefixListGap(region, e.unknownPrefixLists), discriminator);
  return pass(ref, discriminator);
}

/** A ranking factor saying a finding is a lower bound because some prefix lists are unknown. */
export function atLeast(ctx: CheckContext, region: string, e: InternetExposure): string[] {
  return e.unknownPrefixLists.length ? [`at least this open: ${ctx.prefixListGap(region, e.unknownPrefixLists)}`] : [];
}

export interface OpenPort {
  protocol: 'tcp' | 'udp';
  ports: string;
  from: number;
  to: number;
  families: Family[];
  sources: string[];
}

/** Families for which every port of a protocol is open: reported by the all-traffic check instead. */
export function allPortsFamilies(e: InternetExposure, proto: 'tcp' | 'udp'): Family[] {
  const fams = new Set<Family>(e.allTraffic);
  for (const iv of e[proto]) if (iv.from === 0 && iv.to === 65535) iv.families.forEach((f) => fams.add(f));
  return [...fams];
}

/** Open intervals of the exposure that intersect the given port ranges (minus all-ports families). */
export function openPortsIn(e: InternetExposure, ranges: PortRange[]): OpenPort[] {
  const out: OpenPort[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    const skip = allPortsFamilies(e, proto);
    for (const r of ranges) {
      if (r.protocol !== 'both' && r.protocol !== proto) continue;
      for (const iv of e[proto]) {
        const from = Math.max(iv.from, r.from);
        const to = Math.min(iv.to, r.to);
        const families = iv.families.filter((f) => !skip.includes(f));
        if (from > to || families.length === 0) continue;
        if (out.some((o) => o.protocol === proto && o.from === from && o.to === to)) continue;
        out.push({ protocol: proto, ports: describeInterval(proto, { from, to }), from, to, families, sources: iv.sources });
      }
    }
  }
  return out;
}

/** Severity of an SG exposure finding: escalate when attached to a reachable ENI, downgrade when unused (T5). */
export function contextualSeverity(base: Severity, usage: SgUsage, escalateTo: Severity = 'critical'): Severity {
  if (usage.reach >= 3) return escalateTo;
  if (usage.reach === 0) return shift(base, -1);
  return base;
}

export function sgEvidence(region: string, sg: SecurityGroup, usage: SgUsage, open: unknown): Record<string, unknown> {
  return {
    region,
    groupId: sg.id,
    groupName: sg.name,
    vpcId: sg.vpcId,
    openToInternet: open,
    attachedNetworkInterfaces: usage.enis.map((r) => ({
      id: r.eni.id,
      type: r.eni.interfaceType,
      instanceId: r.eni.instanceId,
      publicIp: r.publicIpv4,
      reachable: r.level >= 3,
    })),
    instances: usage.instances.map((i) => ({ id: i.id, state: i.state, instanceProfileArn: i.instanceProfileArn })),
  };
}

export function sgPortCheck(
  meta: Omit<CheckDefinition, 'evaluate'> & { ports: (ctx: CheckContext) => PortRange[]; what: string; exposedServiceNote?: boolean },
): CheckDefinition {
  return {
    ...meta,
    evaluate(s, ctx): CheckResult[] {
      return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances'], (region, { securityGroups }) =>
        securityGroups.map((sg) => {
          const ref = ctx.sgRef(region, sg);
          const e = ctx.sgExposure(region, sg);
          if (isEmpty(e)) return passUnlessUnknown(ctx, region, ref, e);
          const open = openPortsIn(e, meta.ports(ctx));
          if (!open.length) return passUnlessUnknown(ctx, region, ref, e);
          const usage = ctx.sgUsage(region, sg);
          const fams = [...new Set(open.flatMap((o) => o.families))].join(' and ');
          const note = meta.exposedServiceNote
            ? ' Exposed service: its patch level decides exploitability, so patch urgency is raised.'
            : '';
          return fail(
            ref,
            `${sg.name} (${sg.id}) opens ${meta.what} ${open.map((o) => o.ports).join(', ')} to the whole Internet over ${fams}.${note}`,
            sgEvidence(region, sg, usage, open),
            { severity: contextualSeverity(meta.severity, usage), exposure: withGaps(ctx.sgContext(usage), atLeast(ctx, region, e)) },
          );
        }),
      );
    },
  };
}

export function withGaps(exposure: RankContext, gaps: string[]): RankContext {
  return gaps.length ? { ...exposure, factors: [...(exposure.factors ?? []), ...gaps] } : exposure;
}

export const sgRemediation = (port: string) => ({
  summary: `Remove the Internet-wide source (0.0.0.0/0, ::/0 or ranges that add up to it) from the rule that opens ${port}; allow only known CIDRs, a VPN or a load balancer's security group. Prefer SSM Session Manager over open admin ports.`,
  cli: `aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=0.0.0.0/0}]'`,
  terraform: `resource "aws_vpc_security_group_ingress_rule" "restricted" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = "tcp"\n  from_port         = <port>\n  to_port           = <port>\n  cidr_ipv4         = "203.0.113.0/24" # your office or VPN range, never 0.0.0.0/0\n}`,
});
