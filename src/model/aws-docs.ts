// The AWS documentation page each check's fix is explained on, chosen by the check's subject.
// First match wins; every check gets at least its service's security best-practice page.

const PAGES: [RegExp, string][] = [
  [/^ec2\.nacl-/, 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html'],
  [/^ec2\.(vpc-default|subnet-)/, 'https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html'],
  [/^ec2\.instance-imdsv1/, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html'],
  [
    /^ec2\.instance-(no-)?(instance-)?profile/,
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html',
  ],
  [/^ec2\./, 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html'],
  [
    /^s3\..*(bpa|public|access-point|mrap)/,
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  ],
  [/^s3\..*acl/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html'],
  [/^s3\..*(encryption|sse)/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html'],
  [/^s3\..*(versioning|mfa-delete)/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
  [/^s3\..*object-lock/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html'],
  [/^s3\..*logging/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html'],
  [/^s3\..*replication/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html'],
  [/^s3\..*lifecycle/, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html'],
  [/^s3\./, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html'],
  [/^iam\.root-/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html'],
  [/^iam\.password-policy/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html'],
  [/^iam\..*(access-key|key-)/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  [/^iam\..*mfa/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html'],
  [/^iam\.role-trust-oidc/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html'],
  [/^iam\.role-trust-/, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'],
  [/^iam\./, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html'],
];

export function awsDocsFor(checkId: string): string | undefined {
  return PAGES.find(([re]) => re.test(checkId))?.[1];
}
