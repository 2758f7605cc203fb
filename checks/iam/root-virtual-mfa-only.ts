import { define, fail, pass, withIam } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 'iam.root-virtual-mfa-only',
  title: 'Root MFA is virtual (TOTP app), not a hardware or FIDO device',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'credentials'],
  refs: { controls: [...cis7('2.6'), ...cis6('2.5'), ...fsbp('IAM.6')], prowler: 'iam_root_hardware_mfa_enabled' },
  description: 'Root has MFA, but through a virtual device whose TOTP seed can be copied. Applies only when root MFA is enabled.',
  remediation: {
    summary: "Replace the root user's virtual MFA with a FIDO2 security key or hardware TOTP token.",
    cli: 'aws iam list-virtual-mfa-devices --assignment-status Assigned   # then, as root, swap the device in the console',
    terraform: '# not manageable with Terraform',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['accountSummary', 'virtualMfaDevices'], ({ accountSummary, virtualMfaDevices }) => {
      const ref = ctx.accountRef();
      if (accountSummary.state !== 'ok' || accountSummary.value.AccountMFAEnabled !== 1) return [pass(ref)]; // covered by root-mfa-disabled
      const rootArn = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
      const virtual = virtualMfaDevices.state === 'ok' ? virtualMfaDevices.value.filter((d) => d.userArn === rootArn) : [];
      return [
        virtual.length
          ? fail(ref, "The root user's MFA is a virtual (app-based) device.", { devices: virtual.map((d) => d.serialNumber) })
          : pass(ref),
      ];
    }),
});
