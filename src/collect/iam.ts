// Collects the IAM inventory of the account as a list of reads: authorization details
// (principals and policies), the credential report, account settings, and the per-user
// credentials the report leaves open. Every read is a Fetch: a failure is recorded, not thrown.

import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import type { Fetch, IamInventory, PasswordPolicy } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';
import { iamCall, iso, type IamCall } from './iam-call.js';
import { readCredentialReport, readUserCredentials } from './iam-credentials.js';
import { readAuthorizationDetails } from './iam-policies.js';

export { parseCredentialReport, reportDate } from './iam-credentials.js';
export { attachedAwsManaged, decodePolicyDocument } from './iam-policies.js';

function readPasswordPolicy({ iam, log, where }: IamCall): Promise<Fetch<PasswordPolicy>> {
  return log.fetch(
    where('GetAccountPasswordPolicy'),
    async () => {
      const p = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy ?? {};
      return {
        minimumPasswordLength: p.MinimumPasswordLength,
        requireSymbols: p.RequireSymbols,
        requireNumbers: p.RequireNumbers,
        requireUppercaseCharacters: p.RequireUppercaseCharacters,
        requireLowercaseCharacters: p.RequireLowercaseCharacters,
        allowUsersToChangePassword: p.AllowUsersToChangePassword,
        expirePasswords: p.ExpirePasswords,
        maxPasswordAge: p.MaxPasswordAge,
        passwordReusePrevention: p.PasswordReusePrevention,
        hardExpiry: p.HardExpiry,
      };
    },
    ['NoSuchEntity', 'NoSuchEntityException'],
  );
}

function readAccountSummary({ iam, log, where }: IamCall): Promise<Fetch<Record<string, number>>> {
  return log.fetch(where('GetAccountSummary'), async () => {
    const m = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') out[k] = v;
    return out;
  });
}

function readVirtualMfaDevices({ iam, log, where }: IamCall): Promise<Fetch<{ serialNumber: string; userArn?: string }[]>> {
  return log.fetch(where('ListVirtualMFADevices'), async () => {
    const out: { serialNumber: string; userArn?: string }[] = [];
    for await (const page of paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' }))
      for (const d of page.VirtualMFADevices ?? []) if (d.SerialNumber) out.push({ serialNumber: d.SerialNumber, userArn: d.User?.Arn });
    return out;
  });
}

type ServerCertificate = { name: string; arn?: string; expiration?: string; uploadDate?: string };

function readServerCertificates({ iam, log, where }: IamCall): Promise<Fetch<ServerCertificate[]>> {
  return log.fetch(where('ListServerCertificates'), async () => {
    const out: ServerCertificate[] = [];
    for await (const page of paginateListServerCertificates({ client: iam }, {}))
      for (const c of page.ServerCertificateMetadataList ?? [])
        if (c.ServerCertificateName)
          out.push({ name: c.ServerCertificateName, arn: c.Arn, expiration: iso(c.Expiration), uploadDate: iso(c.UploadDate) });
    return out;
  });
}

const arns = (list: { Arn?: string }[] | undefined): string[] => (list ?? []).map((p) => p.Arn).filter((x): x is string => Boolean(x));

function readIdentityProviders({ iam, log, where }: IamCall): { saml: Promise<Fetch<string[]>>; oidc: Promise<Fetch<string[]>> } {
  return {
    saml: log.fetch(where('ListSAMLProviders'), async () => arns((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList)),
    oidc: log.fetch(where('ListOpenIDConnectProviders'), async () =>
      arns((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList),
    ),
  };
}

export async function collectIam(clients: AwsClients, log: ErrorLog): Promise<IamInventory> {
  const call = iamCall(clients, log);
  // Independent reads start together; the per-user ones wait for what they depend on.
  const authorizationDetails = readAuthorizationDetails(call);
  const credentialReport = readCredentialReport(call);
  const passwordPolicy = readPasswordPolicy(call);
  const accountSummary = readAccountSummary(call);
  const virtualMfaDevices = readVirtualMfaDevices(call);
  const serverCertificates = readServerCertificates(call);
  const providers = readIdentityProviders(call);

  const aad = await authorizationDetails;
  const report = await credentialReport;
  const virtualMfa = await virtualMfaDevices;
  const { accessKeys, mfaDevices } = readUserCredentials(call, aad, report, virtualMfa);
  return {
    authorizationDetails: aad,
    credentialReport: report,
    passwordPolicy: await passwordPolicy,
    accountSummary: await accountSummary,
    virtualMfaDevices: virtualMfa,
    accessKeys: await accessKeys,
    mfaDevices: await mfaDevices,
    serverCertificates: await serverCertificates,
    samlProviders: await providers.saml,
    oidcProviders: await providers.oidc,
  };
}
