import type { CheckContext } from '../../src/engine/check-api.js';
import { fsbp } from '../../src/model/frameworks.js';
import { sgPortCheck, sgRemediation } from './_ports.js';

/** Security Hub's list, minus the ports that a more specific check reports already. */
function otherHighRiskPorts(ctx: CheckContext) {
  const specific = [
    { from: 22, to: 22 },
    { from: 3389, to: 3389 },
    ...ctx.config.datastorePorts,
    ...ctx.config.fileSharePorts,
    ...ctx.config.remoteMgmtPorts,
  ];
  return ctx.config.highRiskPorts
    .filter((p) => !specific.some((r) => r.from <= p && p <= r.to))
    .map((p) => ({ from: p, to: p, protocol: 'both' as const }));
}

export default sgPortCheck({
  id: 'ec2.sg-high-risk-port-open-internet',
  title: "Another of Security Hub's high-risk ports is open to the Internet",
  service: 'ec2',
  severity: 'high',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.18', 'EC2.19')], prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports' },
  description:
    "A port from Security Hub EC2.19's fixed high-risk list (e.g. 25, 110, 143, 3000, 4333, 5000, 8080, 8088) is open to the whole Internet. Ports with their own check (SSH, RDP, data stores, file shares, management) are reported there.",
  remediation: sgRemediation('the port'),
  what: 'high-risk port(s)',
  ports: otherHighRiskPorts,
});
