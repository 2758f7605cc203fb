// The check catalogue. Every module in checks/<service>/ that does not start with '_' is one check.
// test/unit/checks/catalogue.test.ts fails if a check has no fixture case or its file name is not its id.

import type { CheckDefinition } from '../src/engine/check-api.js';
import ec2AttackPathInternetToRole from './ec2/attack-path-internet-to-role.js';
import ec2EniInternetExposed from './ec2/eni-internet-exposed.js';
import ec2InstanceImdsv1Allowed from './ec2/instance-imdsv1-allowed.js';
import ec2InstanceNoInstanceProfile from './ec2/instance-no-instance-profile.js';
import ec2InstanceProfilePrivileged from './ec2/instance-profile-privileged.js';
import ec2InstancePublicIp from './ec2/instance-public-ip.js';
import ec2NaclAdminPortsOpen from './ec2/nacl-admin-ports-open.js';
import ec2SgBroadPublicCidr from './ec2/sg-broad-public-cidr.js';
import ec2SgCrossAccountReference from './ec2/sg-cross-account-reference.js';
import ec2SgDatastorePortOpenInternet from './ec2/sg-datastore-port-open-internet.js';
import ec2SgDefaultHasRules from './ec2/sg-default-has-rules.js';
import ec2SgDefaultInUse from './ec2/sg-default-in-use.js';
import ec2SgFileSharePortOpenInternet from './ec2/sg-file-share-port-open-internet.js';
import ec2SgHighRiskPortOpenInternet from './ec2/sg-high-risk-port-open-internet.js';
import ec2SgIngressAllTrafficInternet from './ec2/sg-ingress-all-traffic-internet.js';
import ec2SgLaunchWizard from './ec2/sg-launch-wizard.js';
import ec2SgRdpOpenInternet from './ec2/sg-rdp-open-internet.js';
import ec2SgRemoteMgmtPortOpenInternet from './ec2/sg-remote-mgmt-port-open-internet.js';
import ec2SgSshOpenInternet from './ec2/sg-ssh-open-internet.js';
import ec2SgUnauthorizedPortOpenInternet from './ec2/sg-unauthorized-port-open-internet.js';
import ec2SgUnused from './ec2/sg-unused.js';
import ec2SubnetAutoAssignPublicIp from './ec2/subnet-auto-assign-public-ip.js';
import ec2VpcDefaultInUse from './ec2/vpc-default-in-use.js';
import ec2InstanceParavirtual from './ec2/instance-paravirtual.js';
import ec2InstanceStoppedLong from './ec2/instance-stopped-long.js';
import ec2InstanceMultipleEnis from './ec2/instance-multiple-enis.js';
import ec2NaclUnused from './ec2/nacl-unused.js';
import ec2EniSourceDestCheckDisabled from './ec2/eni-source-dest-check-disabled.js';
import ec2VpcBlockPublicAccessOff from './ec2/vpc-block-public-access-off.js';
import ec2LaunchTemplateImdsv1Allowed from './ec2/launch-template-imdsv1-allowed.js';
import ec2LaunchTemplatePublicIp from './ec2/launch-template-public-ip.js';
import ec2VpcEndpointsMissing from './ec2/vpc-endpoints-missing.js';
import ec2VpcFlowLogsMissing from './ec2/vpc-flow-logs-missing.js';
import s3AccessPointBpaDisabled from './s3/access-point-bpa-disabled.js';
import s3AccountBpaIncomplete from './s3/account-bpa-incomplete.js';
import s3BucketAccessLoggingDisabled from './s3/bucket-access-logging-disabled.js';
import s3BucketAclCrossAccountGrant from './s3/bucket-acl-cross-account-grant.js';
import s3BucketAclPublicRead from './s3/bucket-acl-public-read.js';
import s3BucketAclPublicWrite from './s3/bucket-acl-public-write.js';
import s3BucketAclsEnabled from './s3/bucket-acls-enabled.js';
import s3BucketBpaIncomplete from './s3/bucket-bpa-incomplete.js';
import s3BucketDefaultEncryptionNotKms from './s3/bucket-default-encryption-not-kms.js';
import s3BucketDefaultEncryption from './s3/bucket-default-encryption.js';
import s3BucketLifecycleMissing from './s3/bucket-lifecycle-missing.js';
import s3BucketLogsIntoItself from './s3/bucket-logs-into-itself.js';
import s3BucketMfaDeleteDisabled from './s3/bucket-mfa-delete-disabled.js';
import s3BucketObjectLockDisabled from './s3/bucket-object-lock-disabled.js';
import s3BucketPolicyCrossAccount from './s3/bucket-policy-cross-account.js';
import s3BucketPolicyPublicRead from './s3/bucket-policy-public-read.js';
import s3BucketPolicyPublicWrite from './s3/bucket-policy-public-write.js';
import s3BucketReplicationDisabled from './s3/bucket-replication-disabled.js';
import s3BucketSseCAllowed from './s3/bucket-sse-c-allowed.js';
import s3BucketTlsNotEnforced from './s3/bucket-tls-not-enforced.js';
import s3BucketVersioningDisabled from './s3/bucket-versioning-disabled.js';
import s3MrapBpaDisabled from './s3/mrap-bpa-disabled.js';
import s3DirectoryBucketLifecycleMissing from './s3/directory-bucket-lifecycle-missing.js';
import iamAwsAdminPolicyAttached from './iam/aws-admin-policy-attached.js';
import iamCloudshellFullAccess from './iam/cloudshell-full-access.js';
import iamFederationNotUsed from './iam/federation-not-used.js';
import iamGroupGrantsAdmin from './iam/group-grants-admin.js';
import iamInlinePolicyInUse from './iam/inline-policy-in-use.js';
import iamPasswordPolicyComplexity from './iam/password-policy-complexity.js';
import iamPasswordPolicyExpiry from './iam/password-policy-expiry.js';
import iamPasswordPolicyMinLength from './iam/password-policy-min-length.js';
import iamPasswordPolicyMissing from './iam/password-policy-missing.js';
import iamPasswordPolicyReuse from './iam/password-policy-reuse.js';
import iamPolicyAdminCustomerManaged from './iam/policy-admin-customer-managed.js';
import iamPolicyAdminInline from './iam/policy-admin-inline.js';
import iamPolicyAssumeroleUnrestricted from './iam/policy-assumerole-unrestricted.js';
import iamPolicyDataReadUnrestricted from './iam/policy-data-read-unrestricted.js';
import iamPolicyPassroleUnrestricted from './iam/policy-passrole-unrestricted.js';
import iamPolicyResourceExposureUnrestricted from './iam/policy-resource-exposure-unrestricted.js';
import iamPolicyServiceWildcard from './iam/policy-service-wildcard.js';
import iamPrincipalAdmin from './iam/principal-admin.js';
import iamPrincipalPrivilegeEscalation from './iam/principal-privilege-escalation.js';
import iamPrincipalReachesAdmin from './iam/principal-reaches-admin.js';
import iamPrincipalReachesData from './iam/principal-reaches-data.js';
import iamRoleTrustCrossAccountUnconditioned from './iam/role-trust-cross-account-unconditioned.js';
import iamRoleTrustOidcUnscoped from './iam/role-trust-oidc-unscoped.js';
import iamRoleTrustPublic from './iam/role-trust-public.js';
import iamRoleTrustServiceNoSourceCondition from './iam/role-trust-service-no-source-condition.js';
import iamRoleUnused from './iam/role-unused.js';
import iamRootAccessKey from './iam/root-access-key.js';
import iamRootMfaDisabled from './iam/root-mfa-disabled.js';
import iamRootRecentlyUsed from './iam/root-recently-used.js';
import iamRootSigningCertificate from './iam/root-signing-certificate.js';
import iamRootVirtualMfaOnly from './iam/root-virtual-mfa-only.js';
import iamServerCertificateExpired from './iam/server-certificate-expired.js';
import iamSupportRoleMissing from './iam/support-role-missing.js';
import iamUserAccessKeyNotRotated from './iam/user-access-key-not-rotated.js';
import iamUserAccessKeyUnused from './iam/user-access-key-unused.js';
import iamUserConsoleNoMfa from './iam/user-console-no-mfa.js';
import iamUserDirectPolicies from './iam/user-direct-policies.js';
import iamUserKeyCreatedAtSetup from './iam/user-key-created-at-setup.js';
import iamUserNoMfa from './iam/user-no-mfa.js';
import iamUserPasswordUnused from './iam/user-password-unused.js';
import iamUserTwoActiveKeys from './iam/user-two-active-keys.js';

export const CHECKS: CheckDefinition[] = [
  ec2AttackPathInternetToRole,
  ec2EniInternetExposed,
  ec2InstanceImdsv1Allowed,
  ec2InstanceNoInstanceProfile,
  ec2InstanceProfilePrivileged,
  ec2InstancePublicIp,
  ec2NaclAdminPortsOpen,
  ec2SgBroadPublicCidr,
  ec2SgCrossAccountReference,
  ec2SgDatastorePortOpenInternet,
  ec2SgDefaultHasRules,
  ec2SgDefaultInUse,
  ec2SgFileSharePortOpenInternet,
  ec2SgHighRiskPortOpenInternet,
  ec2SgIngressAllTrafficInternet,
  ec2SgLaunchWizard,
  ec2SgRdpOpenInternet,
  ec2SgRemoteMgmtPortOpenInternet,
  ec2SgSshOpenInternet,
  ec2SgUnauthorizedPortOpenInternet,
  ec2SgUnused,
  ec2SubnetAutoAssignPublicIp,
  ec2VpcDefaultInUse,
  ec2VpcFlowLogsMissing,
  ec2VpcEndpointsMissing,
  ec2LaunchTemplatePublicIp,
  ec2LaunchTemplateImdsv1Allowed,
  ec2VpcBlockPublicAccessOff,
  ec2EniSourceDestCheckDisabled,
  ec2NaclUnused,
  ec2InstanceMultipleEnis,
  ec2InstanceStoppedLong,
  ec2InstanceParavirtual,
  s3AccessPointBpaDisabled,
  s3AccountBpaIncomplete,
  s3BucketAccessLoggingDisabled,
  s3BucketAclCrossAccountGrant,
  s3BucketAclPublicRead,
  s3BucketAclPublicWrite,
  s3BucketAclsEnabled,
  s3BucketBpaIncomplete,
  s3BucketDefaultEncryptionNotKms,
  s3BucketDefaultEncryption,
  s3BucketLifecycleMissing,
  s3BucketLogsIntoItself,
  s3BucketMfaDeleteDisabled,
  s3BucketObjectLockDisabled,
  s3BucketPolicyCrossAccount,
  s3BucketPolicyPublicRead,
  s3BucketPolicyPublicWrite,
  s3BucketReplicationDisabled,
  s3BucketSseCAllowed,
  s3BucketTlsNotEnforced,
  s3BucketVersioningDisabled,
  s3MrapBpaDisabled,
  s3DirectoryBucketLifecycleMissing,
  iamAwsAdminPolicyAttached,
  iamCloudshellFullAccess,
  iamFederationNotUsed,
  iamGroupGrantsAdmin,
  iamInlinePolicyInUse,
  iamPasswordPolicyComplexity,
  iamPasswordPolicyExpiry,
  iamPasswordPolicyMinLength,
  iamPasswordPolicyMissing,
  iamPasswordPolicyReuse,
  iamPolicyAdminCustomerManaged,
  iamPolicyAdminInline,
  iamPolicyAssumeroleUnrestricted,
  iamPolicyDataReadUnrestricted,
  iamPolicyPassroleUnrestricted,
  iamPolicyResourceExposureUnrestricted,
  iamPolicyServiceWildcard,
  iamPrincipalAdmin,
  iamPrincipalPrivilegeEscalation,
  iamPrincipalReachesAdmin,
  iamPrincipalReachesData,
  iamRoleTrustCrossAccountUnconditioned,
  iamRoleTrustOidcUnscoped,
  iamRoleTrustPublic,
  iamRoleTrustServiceNoSourceCondition,
  iamRoleUnused,
  iamRootAccessKey,
  iamRootMfaDisabled,
  iamRootRecentlyUsed,
  iamRootSigningCertificate,
  iamRootVirtualMfaOnly,
  iamServerCertificateExpired,
  iamSupportRoleMissing,
  iamUserAccessKeyNotRotated,
  iamUserAccessKeyUnused,
  iamUserConsoleNoMfa,
  iamUserDirectPolicies,
  iamUserKeyCreatedAtSetup,
  iamUserNoMfa,
  iamUserPasswordUnused,
  iamUserTwoActiveKeys,
];
