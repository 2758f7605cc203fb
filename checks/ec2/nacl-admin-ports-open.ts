import { firstMatch } from '../../src/analysis/nacl.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';
import { foldIdleDefaults } from './_defaults.js';

export default define({
  id: 'ec2.nacl-admin-ports-open',
  title: 'Network ACL allows the Internet to reach 22 or 3389',
  service: 'ec2',
  severity: 'medium',
  duties: ['network'],
  refs: { controls: [...cis7('6.2'), ...cis6('6.2'), ...fsbp('EC2.21')], prowler: 'ec2_networkacl_allow_ingress_tcp_port_22' },
  description:
    'Evaluating inbound entries in rule-number order, the first entry matching 0.0.0.0/0 or ::/0 for port 22 or 3389 allows the traffic. NACLs are a stateless second layer; the default NACL allows everything (CIS counts it, Security Hub does not).',
  remediation: {
    summary:
      'Add inbound deny entries for 22 and 3389 from 0.0.0.0/0 and ::/0 ahead of the allow-all entry, or allow only your admin ranges.',
    cli: 'aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny',
    terraform: `resource "aws_network_acl_rule" "deny_ssh" {\n  network_acl_id = aws_network_acl.this.id\n  rule_number    = 50\n  egress         = false\n  protocol       = "tcp"\n  rule_action    = "deny"\n  cidr_block     = "0.0.0.0/0"\n  from_port      = 22\n  to_port        = 22\n}`,
  },
  evaluate(s, ctx) {
    const results = eachRegion(s, ctx, ['networkAcls'], (region, { networkAcls }) =>
      networkAcls.map((acl) => {
        const ref = ctx.ec2Ref(region, 'network-acl', acl.id);
        const open: string[] = [];
        for (const port of [22, 3389])
          for (const fam of ['ipv4', 'ipv6'] as const) {
            const e = firstMatch(acl.entries, port, fam);
            if (e?.action === 'allow') open.push(`${port}/${fam} (rule ${e.ruleNumber})`);
          }
        if (!open.length) return pass(ref);
        return fail(
          ref,
          `Network ACL ${acl.id}${acl.isDefault ? ' (default)' : ''} lets the Internet reach ${open.join(', ')}.`,
          { region, networkAclId: acl.id, vpcId: acl.vpcId, isDefault: acl.isDefault, subnets: acl.subnetIds, open },
          { severity: acl.subnetIds.length ? 'medium' : 'low' },
        );
      }),
    );
    return foldIdleDefaults(s, ctx, results, 'Default network ACLs open to 22 or 3389', 'low');
  },
});
