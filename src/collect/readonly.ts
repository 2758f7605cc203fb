// incloud never changes an AWS account. Every SDK client it creates carries a
// middleware that refuses any operation that is not on this allow-list, so a
// mutating call cannot leave the process even if a collector asked for one.

export const READ_ONLY_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  sts: ['GetCallerIdentity', 'AssumeRole'],
  // Organization scans only, with the management (or delegated administrator) account's credentials.
  organizations: [
    'DescribeOrganization',
    'ListAccounts',
    'ListRoots',
    'ListOrganizationalUnitsForParent',
    'ListAccountsForParent',
    'ListPolicies',
    'DescribePolicy',
    'ListTargetsForPolicy',
  ],
  ec2: [
    'DescribeRegions',
    'DescribeSecurityGroups',
    'DescribeNetworkInterfaces',
    'DescribeInstances',
    'DescribeVpcs',
    'DescribeSubnets',
    'DescribeRouteTables',
    'DescribeNetworkAcls',
    'DescribeManagedPrefixLists',
    'GetManagedPrefixListEntries',
    'DescribeFlowLogs',
    'DescribeVpcEndpoints',
    'DescribeLaunchTemplateVersions',
    'DescribeVpcBlockPublicAccessOptions',
  ],
  s3: [
    'ListBuckets',
    'GetBucketLocation',
    'GetBucketPolicy',
    'GetBucketPolicyStatus',
    'GetPublicAccessBlock',
    'GetBucketAcl',
    'GetBucketOwnershipControls',
    'GetBucketEncryption',
    'GetBucketVersioning',
    'GetBucketLogging',
    'GetObjectLockConfiguration',
    'GetBucketLifecycleConfiguration',
    'GetBucketReplication',
  ],
  // Directory buckets (S3 Express One Zone), through their Regional endpoint.
  s3express: ['ListDirectoryBuckets', 'GetBucketLifecycleConfiguration'],
  lambda: ['ListFunctions'],
  cloudformation: ['DescribeStacks'],
  codebuild: ['ListProjects', 'BatchGetProjects'],
  s3control: ['GetPublicAccessBlock', 'ListAccessPoints', 'GetAccessPoint', 'ListMultiRegionAccessPoints'],
  iam: [
    'GetAccountAuthorizationDetails',
    'GetPolicy',
    'GetPolicyVersion',
    'GenerateCredentialReport',
    'GetCredentialReport',
    'GetAccountPasswordPolicy',
    'GetAccountSummary',
    'ListVirtualMFADevices',
    'ListUsers',
    'ListAccessKeys',
    'ListMFADevices',
    'ListServerCertificates',
    'ListSAMLProviders',
    'ListOpenIDConnectProviders',
  ],
};

/**
 * The one exception, outside every scan: `incloud securityhub sync` (src/collect/securityhub.ts)
 * writes findings to Security Hub under its own credentials, and its own guard lets exactly
 * these out. No scan client has a securityhub entry above, so a scan can never make these calls.
 */
export const SECURITY_HUB_SYNC_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  securityhub: ['BatchImportFindings', 'BatchUpdateFindings', 'GetFindings'],
  sts: ['GetCallerIdentity'],
};

/**
 * Operations that do not read. GenerateCredentialReport only asks IAM to build
 * the report it then lets us read; AssumeRole only issues session credentials.
 * Neither changes a resource, but both are named here so the allow-list stays honest.
 */
export const NON_DESCRIBE_ALLOWED = new Set(['iam:GenerateCredentialReport', 'sts:AssumeRole']);

/** True when an operation name reads by its verb (Describe/Get/List/BatchGet). */
export function isReadVerb(operation: string): boolean {
  return /^(Describe|Get|List|BatchGet)[A-Z]/.test(operation);
}

export function isAllowedOperation(service: string, operation: string): boolean {
  return (READ_ONLY_OPERATIONS[service] ?? []).includes(operation);
}

export class MutatingCallBlocked extends Error {
  constructor(
    readonly service: string,
    readonly operation: string,
  ) {
    super(`incloud is read-only: refused to call ${service}:${operation}`);
    this.name = 'MutatingCallBlocked';
  }
}
