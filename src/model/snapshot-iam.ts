// IAM in the inventory: principals, policies and all their versions, credentials, root.

import type { Fetch, Tags } from './fetch.js';

/** A policy document as AWS stores it, URL-decoded and parsed. */
export type PolicyDocument = unknown;

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}
export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface IamUser {
  name: string;
  arn: string;
  id?: string;
  path?: string;
  createDate?: string;
  groups: string[];
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
  permissionsBoundaryArn?: string;
  tags: Tags;
}
export interface IamGroup {
  name: string;
  arn: string;
  path?: string;
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
}
export interface IamRole {
  name: string;
  arn: string;
  id?: string;
  path?: string;
  createDate?: string;
  trustPolicy: PolicyDocument;
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
  permissionsBoundaryArn?: string;
  lastUsedDate?: string;
  lastUsedRegion?: string;
  instanceProfiles: { name: string; arn: string }[];
  tags: Tags;
}
export interface ManagedPolicy {
  name: string;
  arn: string;
  path?: string;
  awsManaged: boolean;
  attachmentCount: number;
  boundaryUsageCount: number;
  defaultVersionId?: string;
  document: PolicyDocument;
  /** The other versions of a customer-managed policy (one of them can be made the default again). */
  versions?: { versionId: string; document: PolicyDocument }[];
}
export interface AuthorizationDetails {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreationTime: string | null;
  /** null = not_supported / not_applicable (root). */
  passwordEnabled: boolean | null;
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean;
  accessKeys: { active: boolean; lastRotated: string | null; lastUsedDate: string | null; lastUsedService: string | null }[];
  certs: { active: boolean; lastRotated: string | null }[];
}

export interface PasswordPolicy {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  expirePasswords?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

export interface AccessKeyMeta {
  userName: string;
  accessKeyId: string;
  status: string;
  createDate?: string;
}
export interface MfaDevice {
  userName: string;
  serialNumber: string;
  enableDate?: string;
}

export interface IamInventory {
  authorizationDetails: Fetch<AuthorizationDetails>;
  credentialReport: Fetch<{ generatedAt?: string; rows: CredentialReportRow[] }>;
  passwordPolicy: Fetch<PasswordPolicy>;
  accountSummary: Fetch<Record<string, number>>;
  virtualMfaDevices: Fetch<{ serialNumber: string; userArn?: string }[]>;
  accessKeys: Fetch<AccessKeyMeta[]>;
  mfaDevices: Fetch<MfaDevice[]>;
  serverCertificates?: Fetch<{ name: string; arn?: string; expiration?: string; uploadDate?: string }[]>;
  samlProviders?: Fetch<string[]>;
  oidcProviders?: Fetch<string[]>;
}
