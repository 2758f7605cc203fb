import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.launch-template-imdsv1-allowed',
  title: 'Launch template allows IMDSv1',
  service: 'ec2',
  severity: 'medium',
  duties: ['identity'],
  refs: { controls: [...fsbp('EC2.170')], prowler: 'ec2_launch_template_imdsv2_required' },
  description:
    'The default version of a launch template does not require IMDSv2 tokens: instances launched from it hand their role credentials to a single SSRF request. Passes when the metadata endpoint is disabled.',
  remediation: {
    summary: 'Create a new default version with MetadataOptions HttpTokens=required.',
    cli: 'aws ec2 create-launch-template-version --launch-template-id <lt-id> --source-version <n> --launch-template-data \'{"MetadataOptions":{"HttpTokens":"required"}}\'',
    terraform: `resource "aws_launch_template" "app" {\n  metadata_options {\n    http_tokens = "required"\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['launchTemplates'], (region, { launchTemplates }) =>
      launchTemplates.map((t) => {
        const ref = ctx.ec2Ref(region, 'launch-template', t.id, t.name);
        if (t.metadataHttpTokens === 'required' || t.metadataHttpEndpoint === 'disabled') return pass(ref);
        return fail(
          ref,
          `Launch template ${t.name ?? t.id} (version ${t.version ?? '?'}) does not require IMDSv2 (HttpTokens ${t.metadataHttpTokens ?? 'not set: the AMI or account default decides'}).`,
          { region, launchTemplateId: t.id, version: t.version, httpTokens: t.metadataHttpTokens ?? null },
        );
      }),
    ),
});
