// Fixture cases of the IAM checks: root, password policy, users, policies, principals and role trust.
// Each: an inventory that must fail the check, and a look-alike that must pass it.

import {
  absent,
  ACCT,
  addBucket,
  addGroup,
  addPolicy,
  addRole,
  addUser,
  ADMIN_ARN,
  bucket,
  daysAgo,
  doc,
  key,
  ok,
  STRONG_PASSWORD_POLICY,
} from '../../helpers/builder.js';
import { rootCr, type CheckCase } from '../../helpers/check-tester.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

/** analyst (access key) -> reports-role -> s3:GetObject on payroll, with an optional bucket-policy statement. */
function analystChain(s: Snapshot, bucketStatement?: unknown): void {
  addBucket(s, bucket('payroll', bucketStatement ? { policy: ok(doc(bucketStatement)) } : {}));
  addRole(s, 'reports-role', {
    trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
    inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::payroll/*' }) }],
  });
  const assume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCT}:role/reports-role` });
  addUser(s, 'analyst', { inline: [{ name: 'p', document: assume }] }, { accessKeys: [key(true), key(false)] });
}

export const IAM_CASES: CheckCase[] = [
  // ------------------------------------------------------------------ IAM: root and password policy
  {
    id: 'iam.root-access-key',
    severity: 'critical',
    fail: (s) => rootCr(s, { accessKeys: [key(true, daysAgo(400), daysAgo(2)), key(false)] }),
    pass: (s) => rootCr(s, { accessKeys: [key(false), key(false)] }),
  },
  {
    id: 'iam.root-mfa-disabled',
    severity: 'critical',
    fail: (s) => {
      s.iam.accountSummary = ok({ AccountMFAEnabled: 0 });
      rootCr(s, { mfaActive: false, passwordLastUsed: daysAgo(100) });
    },
    pass: (s) => {
      s.iam.accountSummary = ok({ AccountMFAEnabled: 0, AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 });
      rootCr(s, { mfaActive: false, passwordLastUsed: null });
    },
  }, // centralised root: no credentials
  {
    id: 'iam.root-virtual-mfa-only',
    severity: 'medium',
    fail: (s) => {
      s.iam.virtualMfaDevices = ok([
        { serialNumber: `arn:aws:iam::${ACCT}:mfa/root-account-mfa-device`, userArn: `arn:aws:iam::${ACCT}:root` },
      ]);
    },
    pass: (s) => {
      s.iam.virtualMfaDevices = ok([{ serialNumber: `arn:aws:iam::${ACCT}:mfa/alice`, userArn: `arn:aws:iam::${ACCT}:user/alice` }]);
    },
  },
  {
    id: 'iam.root-recently-used',
    severity: 'medium',
    fail: (s) => rootCr(s, { passwordLastUsed: daysAgo(3) }),
    pass: (s) => rootCr(s, { passwordLastUsed: daysAgo(60) }),
  },
  {
    id: 'iam.root-signing-certificate',
    severity: 'medium',
    fail: (s) =>
      rootCr(s, {
        certs: [
          { active: true, lastRotated: null },
          { active: false, lastRotated: null },
        ],
      }),
    pass: (s) =>
      rootCr(s, {
        certs: [
          { active: false, lastRotated: daysAgo(5) },
          { active: false, lastRotated: null },
        ],
      }),
  },
  {
    id: 'iam.password-policy-missing',
    severity: 'medium',
    fail: (s) => {
      s.iam.passwordPolicy = absent('NoSuchEntity');
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-min-length',
    severity: 'info', // no console users -> info
    fail: (s) => {
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 12,
        passwordReusePrevention: 24,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 20,
        passwordReusePrevention: 24,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
  },
  {
    id: 'iam.password-policy-reuse',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-complexity',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 14,
        passwordReusePrevention: 24,
        requireSymbols: false,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-expiry',
    severity: 'info',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({ ...STRONG_PASSWORD_POLICY, maxPasswordAge: 365 });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.server-certificate-expired',
    severity: 'low',
    fail: (s) => {
      s.iam.serverCertificates = ok([{ name: 'old-www', expiration: daysAgo(3) }]);
    },
    pass: (s) => {
      s.iam.serverCertificates = ok([{ name: 'www', expiration: daysAgo(-200) }]);
    },
  },
  {
    id: 'iam.federation-not-used',
    severity: 'info',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { passwordEnabled: false });
      s.iam.samlProviders = ok([`arn:aws:iam::${ACCT}:saml-provider/okta`]);
    },
  },
  // ------------------------------------------------------------------ IAM: users
  {
    id: 'iam.user-console-no-mfa',
    severity: 'critical', // admin user: T13
    fail: (s) => {
      addUser(s, 'alice', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }, { passwordEnabled: true, mfaActive: false });
    },
    pass: (s) => {
      addUser(s, 'bot', {}, { passwordEnabled: false, mfaActive: false });
    },
  },
  {
    id: 'iam.user-no-mfa',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'bot', {}, { mfaActive: false });
    },
    pass: (s) => {
      addUser(s, 'bot', {}, { mfaActive: true });
    },
  },
  {
    id: 'iam.user-key-created-at-setup',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, accessKeys: [key(true, daysAgo(5), null), key(false)] });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, accessKeys: [key(true, daysAgo(5), daysAgo(1)), key(false)] });
    },
  },
  {
    id: 'iam.user-password-unused',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, passwordLastUsed: daysAgo(50) });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: daysAgo(20) });
    },
  },
  {
    id: 'iam.user-access-key-unused',
    severity: 'critical', // admin with an old unused key: T14
    fail: (s) => {
      addUser(
        s,
        'ci',
        { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] },
        { accessKeys: [key(true, daysAgo(200), daysAgo(100)), key(false)] },
      );
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(200), daysAgo(1)), key(false, daysAgo(300), null)] });
    },
  },
  {
    id: 'iam.user-two-active-keys',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(2), daysAgo(1)), key(true, daysAgo(1), daysAgo(1))] });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(2), daysAgo(1)), key(false, daysAgo(1), null)] });
    },
  },
  {
    id: 'iam.user-access-key-not-rotated',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(120), daysAgo(1)), key(false)] });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(30), daysAgo(1)), key(false, daysAgo(400), null)] });
    },
  },
  {
    id: 'iam.user-direct-policies',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', { inline: [{ name: 'x', document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }) }] });
    },
    pass: (s) => {
      addGroup(s, 'readers', ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      addUser(s, 'u', { groups: ['readers'] });
    },
  },
  // ------------------------------------------------------------------ IAM: policies and principals
  {
    id: 'iam.policy-admin-customer-managed',
    severity: 'high',
    fail: (s) => {
      addPolicy(s, 'everything-but', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(s, 'neg', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }));
      addPolicy(s, 'bnd', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { attachmentCount: 0, boundaryUsageCount: 2 });
    },
  },
  {
    id: 'iam.policy-admin-inline',
    severity: 'high',
    fail: (s) => {
      addRole(s, 'r', { inline: [{ name: 'god', document: doc({ Effect: 'Allow', Action: '*:*', Resource: ['*'] }) }] });
    },
    pass: (s) => {
      addRole(s, 'r', { inline: [{ name: 'scoped', document: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }) }] });
    },
  },
  {
    id: 'iam.aws-admin-policy-attached',
    severity: 'high',
    fail: (s) => {
      addGroup(s, 'admins', [ADMIN_ARN]);
      addUser(s, 'alice', { groups: ['admins'] });
    },
    pass: (s) => {
      addUser(s, 'carol', {
        attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
        inline: [{ name: 'deny', document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }],
      });
    },
  },
  {
    id: 'iam.principal-admin',
    severity: 'high',
    fail: (s) => {
      addPolicy(s, 'team-all', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
      addGroup(s, 'team', [`arn:aws:iam::${ACCT}:policy/team-all`]);
      addUser(s, 'lead', { groups: ['team'] }, { passwordEnabled: true, mfaActive: true });
    },
    pass: (s) => {
      // Admin through AdministratorAccess is iam.aws-admin-policy-attached's; a Deny takes the rest away.
      addUser(s, 'ops', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addUser(s, 'carol', {
        inline: [
          { name: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }) },
        ],
      });
    },
  },
  {
    id: 'iam.principal-reaches-admin',
    severity: 'high', // role without outside reach
    fail: (s) => {
      // ci-deploy may pass only the admin role, and launch EC2 instances: it reaches admin.
      addRole(s, 'ops-admin', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addRole(s, 'ci-deploy', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCT}:role/ops-admin` },
              { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            ),
          },
        ],
      });
    },
    pass: (s) => {
      // The same grant on a harmless role reaches nothing.
      addRole(s, 'ops-admin', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addRole(s, 'app', {});
      addRole(s, 'ci-deploy', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCT}:role/app` },
              { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            ),
          },
        ],
      });
    },
    failCount: 1,
  },
  {
    id: 'iam.principal-reaches-data',
    severity: 'high', // reads only
    // A user with a key assumes reports-role, which reads the payroll bucket.
    fail: (s) => analystChain(s),
    // The same chain, but the bucket policy refuses the role.
    pass: (s) =>
      analystChain(s, {
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${ACCT}:role/reports-role` },
        Action: 's3:*',
        Resource: 'arn:aws:s3:::payroll/*',
      }),
  },
  {
    id: 'iam.group-grants-admin',
    severity: 'medium', // no members
    fail: (s) => {
      addGroup(s, 'break-glass', [ADMIN_ARN]);
    },
    pass: (s) => {
      addGroup(s, 'readers', [], [{ name: 'r', document: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) }]);
    },
  },
  {
    id: 'iam.principal-privilege-escalation',
    severity: 'critical', // user with an active key
    fail: (s) => {
      addUser(
        s,
        'bob',
        { inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: ['iam:Put*'], Resource: '*' }) }] },
        { accessKeys: [key(true, daysAgo(3), daysAgo(1)), key(false)] },
      );
    },
    pass: (s) => {
      addUser(s, 'bob', {
        inline: [
          {
            name: 'p',
            document: doc({
              Effect: 'Allow',
              Action: ['iam:PassRole', 'ec2:RunInstances'],
              Resource: 'arn:aws:iam::111122223333:role/worker',
            }),
          },
        ],
      });
      addRole(s, 'bounded', {
        permissionsBoundaryArn: `arn:aws:iam::${ACCT}:policy/bnd`,
        inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }],
      });
      addPolicy(s, 'bnd', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), { attachmentCount: 0, boundaryUsageCount: 1 });
    },
  },
  {
    id: 'iam.policy-passrole-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'p', doc({ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(
        s,
        'p',
        doc({
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: '*',
          Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        }),
      );
    },
  },
  {
    id: 'iam.policy-assumerole-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', { inline: [{ name: 'hop', document: doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' }) }] });
    },
    pass: (s) => {
      addUser(s, 'u', {
        inline: [
          { name: 'hop', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCT}:role/deploy` }) },
        ],
      });
    },
  },
  {
    id: 'iam.inline-policy-in-use',
    severity: 'info',
    fail: (s) => {
      addGroup(s, 'g', [], [{ name: 'x', document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }) }]);
    },
    pass: (s) => {
      addRole(s, 'AWSServiceRoleForX', { path: '/aws-service-role/x.amazonaws.com/', inline: [{ name: 'x', document: doc() }] });
    },
  },
  {
    id: 'iam.policy-data-read-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(
        s,
        'reader',
        doc(
          { Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::*/*' },
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
        ),
      );
    },
    pass: (s) => {
      addPolicy(
        s,
        'reader',
        doc(
          { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } },
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:app-*` },
        ),
      );
    },
  },
  {
    id: 'iam.policy-resource-exposure-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'netops', doc({ Effect: 'Allow', Action: 'ec2:AuthorizeSecurityGroup*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(
        s,
        'netops',
        doc({
          Effect: 'Allow',
          Action: 'ec2:AuthorizeSecurityGroupIngress',
          Resource: `arn:aws:ec2:eu-west-1:${ACCT}:security-group/sg-1`,
        }),
      );
    },
  },
  {
    id: 'iam.policy-service-wildcard',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'kms-all', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(s, 'kms-read', doc({ Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*'], Resource: '*' }));
      // A service wildcard on one key is not full access to the service.
      addPolicy(s, 'kms-one-key', doc({ Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:eu-west-1:${ACCT}:key/k` }));
    },
  },
  {
    id: 'iam.cloudshell-full-access',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', { attached: [{ name: 'AWSCloudShellFullAccess', arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }] });
      addPolicy(s, 'AWSCloudShellFullAccess', doc({ Effect: 'Allow', Action: 'cloudshell:*', Resource: '*' }), {
        arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
        awsManaged: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u');
    },
  },
  {
    id: 'iam.role-trust-service-no-source-condition',
    severity: 'low',
    fail: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Service: ['cloudtrail.amazonaws.com', 'lambda.amazonaws.com'] },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCT } },
        }),
      });
    },
  },
  {
    id: 'iam.role-trust-public',
    severity: 'critical',
    fail: (s) => {
      addRole(s, 'r', { trustPolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc(
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:GetCallerIdentity' },
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
        ),
      });
    },
  },
  {
    id: 'iam.role-trust-cross-account-unconditioned',
    severity: 'high', // role is admin
    fail: (s) => {
      addRole(s, 'r', {
        attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
        trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: 'sts:AssumeRole' }),
      });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:role/x' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'abc' } },
        }),
      });
    },
  },
  {
    id: 'iam.role-trust-oidc-unscoped',
    severity: 'critical',
    fail: (s) => {
      addRole(s, 'gh', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } },
        }),
      });
    },
    pass: (s) => {
      addRole(s, 'gh', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
        }),
      });
    },
  },
  {
    id: 'iam.support-role-missing',
    severity: 'low',
    fail: (s) => {
      if (s.iam.authorizationDetails.state === 'ok') s.iam.authorizationDetails.value.roles = [];
      addGroup(s, 'support', ['arn:aws:iam::aws:policy/AWSSupportAccess']);
    },
    pass: () => {},
  },
  {
    id: 'iam.role-unused',
    severity: 'low',
    fail: (s) => {
      addRole(s, 'old', { createDate: daysAgo(400), lastUsedDate: undefined });
    },
    pass: (s) => {
      addRole(s, 'old', { createDate: daysAgo(400), lastUsedDate: daysAgo(10) });
      addRole(s, 'svc', { path: '/aws-service-role/x/', createDate: daysAgo(400), lastUsedDate: undefined });
    },
  },
];
