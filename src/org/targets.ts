// Which accounts an organization scan covers: the organization's accounts narrowed by
// --accounts, --exclude-accounts and --ou (nested OUs included), or the role ARNs of an
// --accounts-file. Pure: the listing comes from src/collect/organizations.ts.

import { readFileSync } from 'node:fs';
import type { OrgListing } from '../collect/organizations.js';
import type { AccountTarget } from '../model/org-report.js';
import { splitList } from '../util/list.js';

export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

export class TargetError extends Error {}

export interface Selection {
  targets: AccountTarget[];
  /** Accounts of the organization not scanned on purpose, with the reason. */
  skipped: { target: AccountTarget; reason: string }[];
}

export interface SelectOptions {
  accounts?: string[];
  excludeAccounts?: string[];
  ous?: string[];
  memberRole: string;
  /** The scanner's own account: scanned with its own credentials, not through the member role. */
  callerAccountId: string;
  partition: string;
}

export function parseAccountIds(v: string): string[] {
  const ids = splitList(v);
  const bad = ids.filter((x) => !/^\d{12}$/.test(x));
  if (bad.length || !ids.length) throw new TargetError(`not a 12-digit account id: ${bad.join(', ') || '(empty)'}`);
  return ids;
}

export function parseOuIds(v: string): string[] {
  const ids = splitList(v);
  const bad = ids.filter((x) => !/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(x));
  if (bad.length || !ids.length) throw new TargetError(`not an OU or root id (ou-xxxx-xxxxxxxx, r-xxxx): ${bad.join(', ') || '(empty)'}`);
  return ids;
}

/** A role name (path allowed) as IAM accepts it. */
export function parseRoleName(v: string): string {
  if (!/^[\w+=,.@/-]{1,64}$/.test(v)) throw new TargetError(`--member-role ${v}: not an IAM role name`);
  return v;
}

const ACTIVE = new Set(['ACTIVE']);

export function selectAccounts(listing: OrgListing, o: SelectOptions): Selection {
  const known = new Set(listing.accounts.map((a) => a.id));
  const missing = (o.accounts ?? []).filter((id) => !known.has(id));
  if (missing.length) throw new TargetError(`--accounts: not in this organization: ${missing.join(', ')}`);
  const ouIds = new Set(listing.accounts.flatMap((a) => a.ouPath.map((u) => u.id)));
  const unknownOus = (o.ous ?? []).filter((id) => !ouIds.has(id));
  if (unknownOus.length) throw new TargetError(`--ou: no account of this organization is under ${unknownOus.join(', ')}`);

  const selection: Selection = { targets: [], skipped: [] };
  for (const a of listing.accounts) {
    if (o.accounts && !o.accounts.includes(a.id)) continue;
    if (o.excludeAccounts?.includes(a.id)) continue;
    if (o.ous && !a.ouPath.some((u) => o.ous!.includes(u.id))) continue;
    const target: AccountTarget = {
      accountId: a.id,
      name: a.name,
      ...(a.email ? { email: a.email } : {}),
      ouPath: a.ouPath,
      ...(a.id === o.callerAccountId ? {} : { roleArn: `arn:${o.partition}:iam::${a.id}:role/${o.memberRole}` }),
    };
    if (ACTIVE.has(a.status)) selection.targets.push(target);
    else selection.skipped.push({ target, reason: `account is ${a.status.toLowerCase().replace(/_/g, ' ')}` });
  }
  if (!selection.targets.length) throw new TargetError('no active account of the organization matches the selection');
  return selection;
}

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** --accounts-file: one role ARN per line, optionally followed by a name; # starts a comment. */
export function parseAccountsFile(text: string, source: string): AccountTarget[] {
  const out: AccountTarget[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [arn, ...nameParts] = line.split(/\s+/);
    const m = ROLE_ARN.exec(arn!);
    if (!m) throw new TargetError(`${source}:${i + 1}: not an IAM role ARN: ${arn}`);
    const accountId = m[2]!;
    if (seen.has(accountId)) throw new TargetError(`${source}:${i + 1}: account ${accountId} is listed twice`);
    seen.add(accountId);
    out.push({ accountId, ...(nameParts.length ? { name: nameParts.join(' ') } : {}), ouPath: [], roleArn: arn });
  });
  if (!out.length) throw new TargetError(`${source}: no role ARN in the file`);
  return out;
}

export function readAccountsFile(path: string): AccountTarget[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read --accounts-file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseAccountsFile(text, path);
}
