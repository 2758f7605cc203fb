// Reads who holds which policies: GetAccountAuthorizationDetails for users, groups, roles and
// customer-managed policies (with their trust and inline documents), then the AWS-managed
// policies that are attached, one by one.

import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  paginateGetAccountAuthorizationDetails,
  type AttachedPolicy as SdkAttached,
  type EntityType,
  type GetAccountAuthorizationDetailsCommandOutput,
  type PolicyDetail,
} from '@aws-sdk/client-iam';
import type { AuthorizationDetails, Fetch, InlinePolicy, ManagedPolicy, PolicyDocument } from '../model/snapshot.js';
import { tagsOf } from './ec2.js';
import { iso, type IamCall } from './iam-call.js';

/** IAM returns policy documents URL-encoded (RFC 3986). Accepts already-decoded JSON too. */
export function decodePolicyDocument(raw: string | undefined): PolicyDocument {
  if (raw === undefined || raw === '') return null;
  const text = raw.trimStart().startsWith('{') ? raw : decodeURIComponent(raw.replace(/\+/g, '%20'));
  return JSON.parse(text) as PolicyDocument;
}

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\//;

/** AWS-managed policies attached to a principal or group, or used as a boundary. */
export function attachedAwsManaged(d: AuthorizationDetails): string[] {
  const arns = new Set<string>();
  for (const p of [...d.users, ...d.groups, ...d.roles]) for (const a of p.attached) if (AWS_MANAGED.test(a.arn)) arns.add(a.arn);
  for (const p of [...d.users, ...d.roles])
    if (p.permissionsBoundaryArn && AWS_MANAGED.test(p.permissionsBoundaryArn)) arns.add(p.permissionsBoundaryArn);
  return [...arns].sort();
}

/** Decodes documents; one that cannot be parsed becomes null (its owner is "not assessed") and is named. */
class DocumentReader {
  readonly bad: string[] = [];
  doc = (owner: string, raw: string | undefined): PolicyDocument => {
    try {
      return decodePolicyDocument(raw);
    } catch {
      this.bad.push(owner);
      return null;
    }
  };
  inline = (owner: string, list: PolicyDetail[] | undefined): InlinePolicy[] =>
    (list ?? []).map((p) => ({ name: p.PolicyName ?? '?', document: this.doc(`${owner}/${p.PolicyName}`, p.PolicyDocument) }));
}

const attached = (list: SdkAttached[] | undefined) =>
  (list ?? []).filter((a) => a.PolicyArn).map((a) => ({ name: a.PolicyName ?? a.PolicyArn!, arn: a.PolicyArn! }));

/** Adds one page of GetAccountAuthorizationDetails to the inventory. */
function addPage(out: AuthorizationDetails, page: GetAccountAuthorizationDetailsCommandOutput, r: DocumentReader): void {
  for (const u of page.UserDetailList ?? []) {
    if (!u.Arn || !u.UserName) continue;
    out.users.push({
      name: u.UserName,
      arn: u.Arn,
      id: u.UserId,
      path: u.Path,
      createDate: iso(u.CreateDate),
      groups: u.GroupList ?? [],
      inline: r.inline(u.Arn, u.UserPolicyList),
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
      inline: r.inline(g.Arn, g.GroupPolicyList),
      attached: attached(g.AttachedManagedPolicies),
    });
  }
  for (const role of page.RoleDetailList ?? []) {
    if (!role.Arn || !role.RoleName) continue;
    out.roles.push({
      name: role.RoleName,
      arn: role.Arn,
      id: role.RoleId,
      path: role.Path,
      createDate: iso(role.CreateDate),
      trustPolicy: r.doc(`${role.Arn}/trust`, role.AssumeRolePolicyDocument),
      inline: r.inline(role.Arn, role.RolePolicyList),
      attached: attached(role.AttachedManagedPolicies),
      permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn,
      lastUsedDate: iso(role.RoleLastUsed?.LastUsedDate),
      lastUsedRegion: role.RoleLastUsed?.Region,
      instanceProfiles: (role.InstanceProfileList ?? [])
        .filter((p) => p.Arn)
        .map((p) => ({ name: p.InstanceProfileName ?? p.Arn!, arn: p.Arn! })),
      tags: tagsOf(role.Tags),
    });
  }
  for (const p of page.Policies ?? []) {
    if (!p.Arn) continue;
    if (AWS_MANAGED.test(p.Arn)) continue; // read with GetPolicy, only those in use
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
      document: r.doc(p.Arn, v?.Document),
      versions: (p.PolicyVersionList ?? [])
        .filter((x) => x !== v && x.VersionId)
        .map((x) => ({ versionId: x.VersionId!, document: r.doc(`${p.Arn}:${x.VersionId}`, x.Document) })),
    });
  }
}

/**
 * Reads the AWS-managed policies in use: GetPolicy for the default version, then that version.
 * One that cannot be read stays in the list without a document, so its principals are "not assessed".
 */
function readAwsManagedPolicies(call: IamCall, arns: string[], r: DocumentReader): Promise<ManagedPolicy[]> {
  const { iam, log, where } = call;
  const admit = call.clients.admission();
  return Promise.all(
    arns.map((PolicyArn) =>
      admit(async (): Promise<ManagedPolicy> => {
        const name = PolicyArn.split('/').pop()!;
        const read = await log.fetch(where('GetPolicy', PolicyArn), async () => {
          const p = (await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy;
          if (!p?.DefaultVersionId)
            throw Object.assign(new Error(`GetPolicy ${PolicyArn} answered without a default version`), { name: 'IncompleteResponse' });
          const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: p.DefaultVersionId }))).PolicyVersion;
          return { p, document: r.doc(PolicyArn, v?.Document) };
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
}

export function readAuthorizationDetails(call: IamCall): Promise<Fetch<AuthorizationDetails>> {
  const { iam, log, where } = call;
  return log.fetch(where('GetAccountAuthorizationDetails'), async (): Promise<AuthorizationDetails> => {
    const out: AuthorizationDetails = { users: [], groups: [], roles: [], policies: [] };
    const reader = new DocumentReader();
    // Without a filter this answers every AWS-managed policy too (most of its bytes); the
    // attached ones are read one by one.
    const Filter: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy'];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter }))
      addPage(out, page, reader);
    if (reader.bad.length)
      log.invalid(
        where('GetAccountAuthorizationDetails'),
        `unparseable policy documents (treated as unknown): ${reader.bad.slice(0, 10).join(', ')}`,
      );
    out.policies.push(...(await readAwsManagedPolicies(call, attachedAwsManaged(out), reader)));
    return out;
  });
}
