// The credentials of users: the credential report (generated, polled, parsed), and per-user
// access keys and MFA devices only where the report leaves a question.

import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  paginateListAccessKeys,
  paginateListMFADevices,
} from '@aws-sdk/client-iam';
import type { AccessKeyMeta, AuthorizationDetails, CredentialReportRow, Fetch, MfaDevice } from '../model/snapshot.js';
import { iso, type IamCall } from './iam-call.js';

export interface CredentialReport {
  generatedAt?: string;
  rows: CredentialReportRow[];
}

export function readCredentialReport({ iam, log, where }: IamCall): Promise<Fetch<CredentialReport>> {
  return log.fetch(where('GetCredentialReport'), async () => {
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
}

/** Runs one per-user list call for the users that need it, as one Fetch for all of them. */
async function perUser<T>(
  call: IamCall,
  users: { arn: string; name: string }[] | undefined,
  operation: string,
  wanted: (u: { arn: string }) => boolean,
  reason: string,
  each: (user: string) => Promise<T[]>,
): Promise<Fetch<T[]>> {
  const { log, where } = call;
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
  const admit = call.clients.admission();
  const results = await Promise.all(chosen.map((u) => admit(() => log.fetch(where(operation, u.name), () => each(u.name)))));
  const failed = results.find((r) => r.state === 'error');
  if (failed) return failed as Fetch<T[]>;
  return { state: 'ok', value: results.flatMap((r) => (r.state === 'ok' ? r.value : [])) };
}

/**
 * Per-user calls only where they add what the credential report cannot say: key ids of users
 * that hold keys, and MFA devices registered since the report was generated.
 */
export function readUserCredentials(
  call: IamCall,
  aad: Fetch<AuthorizationDetails>,
  report: Fetch<CredentialReport>,
  virtualMfa: Fetch<{ serialNumber: string; userArn?: string }[]>,
): { accessKeys: Promise<Fetch<AccessKeyMeta[]>>; mfaDevices: Promise<Fetch<MfaDevice[]>> } {
  const { iam } = call;
  const users = aad.state === 'ok' ? aad.value.users : undefined;
  const rows = new Map((report.state === 'ok' ? report.value.rows : []).map((r) => [r.arn, r]));
  const withVirtualMfa = new Set((virtualMfa.state === 'ok' ? virtualMfa.value : []).map((d) => d.userArn));
  const hasKeys = (u: { arn: string }) => {
    const row = rows.get(u.arn);
    return !row || row.accessKeys.some((k) => k.active || k.lastRotated !== null);
  };
  const mfaUnknown = (u: { arn: string }) => {
    const row = rows.get(u.arn);
    return !row || (!row.mfaActive && !withVirtualMfa.has(u.arn));
  };
  const accessKeys = perUser<AccessKeyMeta>(
    call,
    users,
    'ListAccessKeys',
    hasKeys,
    'credential report shows no access key',
    async (UserName) => {
      const out: AccessKeyMeta[] = [];
      for await (const page of paginateListAccessKeys({ client: iam }, { UserName }))
        for (const k of page.AccessKeyMetadata ?? [])
          if (k.AccessKeyId)
            out.push({
              userName: UserName,
              accessKeyId: k.AccessKeyId,
              status: String(k.Status ?? 'Unknown'),
              createDate: iso(k.CreateDate),
            });
      return out;
    },
  );
  const mfaDevices = perUser<MfaDevice>(
    call,
    users,
    'ListMFADevices',
    mfaUnknown,
    'MFA known from the credential report or virtual MFA list',
    async (UserName) => {
      const out: MfaDevice[] = [];
      for await (const page of paginateListMFADevices({ client: iam }, { UserName }))
        for (const d of page.MFADevices ?? [])
          if (d.SerialNumber) out.push({ userName: UserName, serialNumber: d.SerialNumber, enableDate: iso(d.EnableDate) });
      return out;
    },
  );
  return { accessKeys, mfaDevices };
}

// ------------------------------------------------------------------ credential report parsing

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
