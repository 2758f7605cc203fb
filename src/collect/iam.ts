import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type EntityType,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
  type AttachedPolicy as SdkAttached,
  type PolicyDetail,
} from '@aws-sdk/client-iam';
import type {
  AccessKeyMeta,
  AuthorizationDetails,
  CredentialReportRow,
  Fetch,
  IamInventory,
  InlinePolicy,
  ManagedPolicy,
  MfaDevice,
  PolicyDocument,
} from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';
import { tagsOf } from './ec2.js';

/** IAM returns policy documents URL-encoded (RFC 3986). Accepts already-decoded JSON too. */
export function decodePolicyDocument(raw: string | undefined): PolicyDocument {
  if (raw === undefined || raw === '') return null;
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw.replace(/\+/g, '%20'));
  return JSON.parse(text) as PolicyDocument;
}

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/** AWS-managed policies attached to, or bounding, any principal of the account. */
export function attachedAwsManaged(d: AuthorizationDetails): string[] {
  const arns = new Set<string>();
  for (const p of [...d.users, ...d.groups, ...d.roles]) for (const a of p.attached) if (AWS_MANAGED.test(a.arn)) arns.add(a.arn);
  for (const p of [...d.users, ...d.roles])
    if (p.permissionsBoundaryArn && AWS_MANAGED.test(p.permissionsBoundaryArn)) arns.add(p.permissionsBoundaryArn);
  return [...arns].sort();
}

const iso = (d: Date | string | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);

export async function collectIam(clients: AwsClients, log: ErrorLog): Promise<IamInventory> {
  const iam = clients.iam();
  const region = clients.options.homeRegion;
  const where = (operation: string, resource?: string) => ({
    service: 'iam' as const,
    operation,
    region,
    ...(resource ? { resource } : {}),
  });

  /**
   * Reads the AWS-managed policies in use: GetPolicy for the default version, then that version.
   * One that cannot be read stays in the list without a document, so its principals are "not assessed".
   */
  const admitPolicy = clients.admission();
  const awsManagedPolicies = (arns: string[], doc: (owner: string, raw: string | undefined) => PolicyDocument) =>
    Promise.all(
      arns.map((PolicyArn) =>
        admitPolicy(async (): Promise<ManagedPolicy> => {
          const name = PolicyArn.split('/').pop()!;
          const read = await log.fetch(where('GetPolicy', PolicyArn), async () => {
            const p = (await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy;
            if (!p?.DefaultVersionId)
              throw Object.assign(new Error(`GetPolicy ${PolicyArn} answered without a default version`), { name: 'IncompleteResponse' });
            const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: p.DefaultVersionId }))).PolicyVersion;
            return { p, document: doc(PolicyArn, v?.Document) };
          });
          if (read.state !== 'ok')
            return { name, arn: PolicyArn, awsManaged: true, attachmentCount: 0, boundaryUsageCount: 0, document: null };
          const { p, document } = read.value;
          return {
            name: p.PolicyName ?? name,
            arn: PolicyArn,
            path: p.Path,
            awsManaged: true,
            attachmentCount: p.AttachmentCount ?? 0,
            boundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
            defaultVersionId: p.DefaultVersionId,
            document,
          };
        }),
      ),
    );

  const authorizationDetails = log.fetch(where('GetAccountAuthorizationDetails'), async (): Promise<AuthorizationDetails> => {
    const out: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
    const bad: string[] = [];
    const doc = (owner: string, raw: string | undefined): PolicyDocument => {
      try {
        return decodePolicyDocument(raw);
      } catch {
        bad.push(owner);
        return null;
      }
    };
    const inline = (owner: string, list: PolicyDetail[] | undefined): InlinePolicy[] =>
      (list ?? []).map((p) => ({ name: p.PolicyName ?? '?', document: doc(`${owner}/${p.PolicyName}`, p.PolicyDocument) }));
    const attached = (list: SdkAttached[] | undefined) =>
      (list ?? []).filter((a) => a.PolicyArn).map((a) => ({ name: a.PolicyName ?? a.PolicyArn!, arn: a.PolicyArn! }));

    // Without a filter this answers every AWS-managed policy too (most of its bytes); the
    // attached ones are read one by one below.
    const Filter: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy'];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter })) {
      for (const u of page.UserDetailList ?? []) {
        if (!u.Arn || !u.UserName) continue;
        out.users.push({
          name: u.UserName,
          arn: u.Arn,
          id: u.UserId,
          path: u.Path,
          createDate: iso(u.CreateDate),
          groups: u.GroupList ?? [],
          inline: inline(u.Arn, u.UserPolicyList),
          attached: attached(u.AttachedManagedPolicies),
          permissionsBoundaryArn: u.PermissionsBoundary?.PermissionsBoundaryArn,
          tags: tagsOf(u.Tags),
        });
      }
      for (const g of page.GroupDetailList ?? []) {
        if (!g.Arn || !g.GroupName) continue;
        out.groups.push({
          name: g.GroupName,
          arn: g.Arn,
          path: g.Path,
          inline: inline(g.Arn, g.GroupPolicyList),
          attached: attached(g.AttachedManagedPolicies),
        });
      }
      for (const r of page.RoleDetailList ?? []) {
        if (!r.Arn || !r.RoleName) continue;
        out.roles.push({
          name: r.RoleName,
          arn: r.Arn,
          id: r.RoleId,
          path: r.Path,
          createDate: iso(r.CreateDate),
          trustPolicy: doc(`${r.Arn}/trust`, r.AssumeRolePolicyDocument),
          inline: inline(r.Arn, r.RolePolicyList),
          attached: attached(r.AttachedManagedPolicies),
          permissionsBoundaryArn: r.PermissionsBoundary?.PermissionsBoundaryArn,
          lastUsedDate: iso(r.RoleLastUsed?.LastUsedDate),
          lastUsedRegion: r.RoleLastUsed?.Region,
          instanceProfiles: (r.InstanceProfileList ?? [])
            .filter((p) => p.Arn)
            .map((p) => ({ name: p.InstanceProfileName ?? p.Arn!, arn: p.Arn! })),
          tags: tagsOf(r.Tags),
        });
      }
      for (const p of page.Policies ?? []) {
        if (!p.Arn) continue;
        if (AWS_MANAGED.test(p.Arn)) continue; // read with GetPolicy below, only those in use
        const v =
          (p.PolicyVersionList ?? []).find((x) => x.IsDefaultVersion) ??
          (p.PolicyVersionList ?? []).find((x) => x.VersionId === p.DefaultVersionId);
        out.policies.push({
          name: p.PolicyName ?? p.Arn.split('/').pop()!,
          arn: p.Arn,
          path: p.Path,
          awsManaged: false,
          attachmentCount: p.AttachmentCount ?? 0,
          boundaryUsageCount: p.PermissionsBoundaryUsageCount ?? 0,
          defaultVersionId: p.DefaultVersionId,
          document: doc(p.Arn, v?.Document),
        });
      }
    }
    if (bad.length)
      log.invalid(
        where('GetAccountAuthorizationDetails'),
        `unparseable policy documents (treated as unknown): ${bad.slice(0, 10).join(', ')}`,
      );
    out.policies.push(...(await awsManagedPolicies(attachedAwsManaged(out), doc)));
    return out;
  });

  const credentialReport = log.fetch(where('GetCredentialReport'), async () => {
    // Ask IAM to (re)generate, then poll: AWS keeps a report for up to 4 hours.
    for (let attempt = 0; attempt < 30; attempt++) {
      const state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
      if (state === 'COMPLETE') break;
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 4000)));
    }
    const out = await iam.send(new GetCredentialReportCommand({}));
    const text = out.Content ? Buffer.from(out.Content).toString('utf8') : '';
    return { generatedAt: iso(out.GeneratedTime), rows: parseCredentialReport(text) };
  });

  const passwordPolicy = log.fetch(
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

  const accountSummary = log.fetch(where('GetAccountSummary'), async () => {
    const m = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') out[k] = v;
    return out;
  });

  const virtualMfaDevices = log.fetch(where('ListVirtualMFADevices'), async () => {
    const out: { serialNumber: string; userArn?: string }[] = [];
    for await (const page of paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: 'Assigned' })) {
      for (const d of page.VirtualMFADevices ?? []) if (d.SerialNumber) out.push({ serialNumber: d.SerialNumber, userArn: d.User?.Arn });
    }
    return out;
  });

  const serverCertificates = log.fetch(where('ListServerCertificates'), async () => {
    const out: { name: string; arn?: string; expiration?: string; uploadDate?: string }[] = [];
    for await (const page of paginateListServerCertificates({ client: iam }, {})) {
      for (const c of page.ServerCertificateMetadataList ?? [])
        if (c.ServerCertificateName)
          out.push({ name: c.ServerCertificateName, arn: c.Arn, expiration: iso(c.Expiration), uploadDate: iso(c.UploadDate) });
    }
    return out;
  });
  const samlProviders = log.fetch(where('ListSAMLProviders'), async () =>
    ((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList ?? []).map((p) => p.Arn).filter((x): x is string => Boolean(x)),
  );
  const oidcProviders = log.fetch(where('ListOpenIDConnectProviders'), async () =>
    ((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? [])
      .map((p) => p.Arn)
      .filter((x): x is string => Boolean(x)),
  );

  const aad = await authorizationDetails;
  const report = await credentialReport;
  const virtualMfa = await virtualMfaDevices;
  const users = aad.state === 'ok' ? aad.value.users : undefined;
  const rows = new Map((report.state === 'ok' ? report.value.rows : []).map((r) => [r.arn, r]));
  const withVirtualMfa = new Set((virtualMfa.state === 'ok' ? virtualMfa.value : []).map((d) => d.userArn));
  // Per-user calls only where they add what the credential report cannot say: key ids of
  // users that hold keys, and MFA devices registered since the report was generated.
  const hasKeys = (u: { arn: string }) => {
    const row = rows.get(u.arn);
    return !row || row.accessKeys.some((k) => k.active || k.lastRotated !== null);
  };
  const mfaUnknown = (u: { arn: string }) => {
    const row = rows.get(u.arn);
    return !row || (!row.mfaActive && !withVirtualMfa.has(u.arn));
  };
  const perUser = async <T>(
    operation: string,
    wanted: (u: { arn: string }) => boolean,
    reason: string,
    each: (user: string) => Promise<T[]>,
  ): Promise<Fetch<T[]>> => {
    if (!users)
      return {
        state: 'error',
        error: {
          ...where(operation),
          kind: 'error',
          code: 'Skipped',
          message: 'user list unavailable (GetAccountAuthorizationDetails failed)',
        },
      };
    const chosen = users.filter(wanted);
    log.skip(`iam:${operation}`, reason, users.length - chosen.length);
    const admit = clients.admission();
    const results = await Promise.all(chosen.map((u) => admit(() => log.fetch(where(operation, u.name), () => each(u.name)))));
    const failed = results.find((r) => r.state === 'error');
    if (failed) return failed as Fetch<T[]>;
    return { state: 'ok', value: results.flatMap((r) => (r.state === 'ok' ? r.value : [])) };
  };

  const accessKeys = perUser<AccessKeyMeta>('ListAccessKeys', hasKeys, 'credential report shows no access key', async (UserName) => {
    const out: AccessKeyMeta[] = [];
    for await (const page of paginateListAccessKeys({ client: iam }, { UserName })) {
      for (const k of page.AccessKeyMetadata ?? []) {
        if (k.AccessKeyId)
          out.push({
            userName: UserName,
            accessKeyId: k.AccessKeyId,
            status: String(k.Status ?? 'Unknown'),
            createDate: iso(k.CreateDate),
          });
      }
    }
    return out;
  });
  const mfaDevices = perUser<MfaDevice>(
    'ListMFADevices',
    mfaUnknown,
    'MFA known from the credential report or virtual MFA list',
    async (UserName) => {
      const out: MfaDevice[] = [];
      for await (const page of paginateListMFADevices({ client: iam }, { UserName })) {
        for (const d of page.MFADevices ?? [])
          if (d.SerialNumber) out.push({ userName: UserName, serialNumber: d.SerialNumber, enableDate: iso(d.EnableDate) });
      }
      return out;
    },
  );

  return {
    authorizationDetails: aad,
    credentialReport: report,
    passwordPolicy: await passwordPolicy,
    accountSummary: await accountSummary,
    virtualMfaDevices: virtualMfa,
    accessKeys: await accessKeys,
    mfaDevices: await mfaDevices,
    serverCertificates: await serverCertificates,
    samlProviders: await samlProviders,
    oidcProviders: await oidcProviders,
  };
}

// ------------------------------------------------------------------ credential report

/** Splits one CSV line; the report has no quoted commas but we honour quotes anyway. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Sentinels (N/A, no_information, not_supported) become null, never dates. */
export function reportDate(v: string | undefined): string | null {
  if (!v || ['N/A', 'no_information', 'not_supported', 'not_applicable', ''].includes(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
const reportBool = (v: string | undefined): boolean | null => (v === 'true' ? true : v === 'false' ? false : null);

export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const header = splitCsv(lines[0]!);
  if (!header.includes('user') || !header.includes('arn'))
    throw Object.assign(new Error('credential report has no user/arn header'), { name: 'InvalidCredentialReport' });
  return lines.slice(1).map((line) => {
    const cells = splitCsv(line);
    const c = (k: string): string | undefined => cells[header.indexOf(k)];
    return {
      user: c('user') ?? '',
      arn: c('arn') ?? '',
      userCreationTime: reportDate(c('user_creation_time')),
      passwordEnabled: reportBool(c('password_enabled')),
      passwordLastUsed: reportDate(c('password_last_used')),
      passwordLastChanged: reportDate(c('password_last_changed')),
      mfaActive: c('mfa_active') === 'true',
      accessKeys: [1, 2].map((n) => ({
        active: c(`access_key_${n}_active`) === 'true',
        lastRotated: reportDate(c(`access_key_${n}_last_rotated`)),
        lastUsedDate: reportDate(c(`access_key_${n}_last_used_date`)),
        lastUsedService: ((v) => (v && v !== 'N/A' ? v : null))(c(`access_key_${n}_last_used_service`)),
      })),
      certs: [1, 2].map((n) => ({ active: c(`cert_${n}_active`) === 'true', lastRotated: reportDate(c(`cert_${n}_last_rotated`)) })),
    };
  });
}
