import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.nacl-unused',
  title: 'Network ACL not associated with any subnet',
  service: 'ec2',
  severity: 'info',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.16')], prowler: 'ec2_networkacl_unused' },
  description: 'A non-default network ACL protects nothing; a leftover rule set is easy to attach by mistake and clutters reviews.',
  remediation: {
    summary: 'Delete the network ACL, or associate it with the subnets it was written for.',
    cli: 'aws ec2 delete-network-acl --network-acl-id <acl-id>',
    terraform: '# remove the unused aws_network_acl resource',
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['networkAcls'], (region, { networkAcls }) =>
      networkAcls
        .filter((a) => !a.isDefault)
        .map((a) => {
          const ref = ctx.ec2Ref(region, 'network-acl', a.id);
          if (a.subnetIds.length) return pass(ref);
          return fail(ref, `Network ACL ${a.id} is associated with no subnet.`, { region, networkAclId: a.id, vpcId: a.vpcId ?? null });
        }),
    ),
});
