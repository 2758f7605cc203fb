import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

/** The services FSBP expects a VPC endpoint for (EC2.10, EC2.55-58, EC2.60), by their short names. */
export const ENDPOINT_SERVICES = ['ec2', 'ecr.api', 'ecr.dkr', 'ssm', 'ssm-contacts', 'ssm-incidents'] as const;

export default define({
  id: 'ec2.vpc-endpoints-missing',
  title: 'VPC without endpoints for the EC2, ECR and Systems Manager APIs',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: {
    controls: [...fsbp('EC2.10', 'EC2.55', 'EC2.56', 'EC2.57', 'EC2.58', 'EC2.60')],
    prowler: 'vpc_endpoint_services_allowed_principals_trust_boundaries',
  },
  description:
    'Workloads in the VPC reach the EC2, ECR or Systems Manager APIs over the Internet or a NAT instead of a private endpoint. One finding per VPC names the services without an available endpoint; info for a VPC with no network interfaces.',
  remediation: {
    summary: 'Create interface endpoints for the services the workloads call, with private DNS and an endpoint policy.',
    cli: 'aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --vpc-endpoint-type Interface --service-name com.amazonaws.<region>.ssm --subnet-ids <subnet-ids> --private-dns-enabled',
    terraform: `resource "aws_vpc_endpoint" "ssm" {\n  vpc_id              = "<vpc-id>"\n  service_name        = "com.amazonaws.<region>.ssm"\n  vpc_endpoint_type   = "Interface"\n  private_dns_enabled = true\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['vpcs', 'vpcEndpoints', 'networkInterfaces'], (region, { vpcs, vpcEndpoints, networkInterfaces }) =>
      vpcs.map((v) => {
        const ref = ctx.ec2Ref(region, 'vpc', v.id);
        const present = new Set(
          vpcEndpoints
            .filter((e) => e.vpcId === v.id && (e.state ?? 'available').toLowerCase() === 'available')
            .map((e) => (e.serviceName ?? '').split('.').slice(3).join('.')),
        );
        const missing = ENDPOINT_SERVICES.filter((svc) => !present.has(svc));
        if (!missing.length) return pass(ref);
        const inUse = networkInterfaces.some((n) => n.vpcId === v.id);
        return fail(
          ref,
          `VPC ${v.id} has no available endpoint for ${missing.join(', ')}.`,
          { region, vpcId: v.id, missing, present: [...present].sort() },
          { severity: inUse ? 'low' : 'info' },
        );
      }),
    ),
});
