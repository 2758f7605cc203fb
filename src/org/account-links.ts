// Links each account's reports to the organization's paths across accounts. The accounts'
// reports are written as each account finishes, before the join finds the paths, so the reports
// of the few accounts on a path are rewritten afterwards from their own report.json (the other
// files of their set, the snapshot included, are carried over unchanged).

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { join } from 'node:path';
import { RENDERERS, REPORT_JSON, type Format } from '../../reports/formats.js';
import type { OrganizationPathLink, Report } from '../model/findings.js';
import { CROSS_ACCOUNT_CHECK, pathAnchor, type OrgReport } from '../model/org-report.js';
import { hopsOf, pathText } from '../model/witness.js';
import { readManifest, writeOutputSet, type OutputFile } from '../util/output-set.js';
import { accountDir } from './outputs.js';

/** For every account on a path: the links its report gets (pure). */
export function pathLinksByAccount(report: OrgReport): Map<string, OrganizationPathLink[]> {
  const links = new Map<string, OrganizationPathLink[]>();
  for (const f of report.findings) {
    if (f.checkId !== CROSS_ACCOUNT_CHECK) continue;
    const accounts = ((f.evidence.accounts as { id: string }[] | undefined) ?? []).map((a) => a.id);
    const hops = hopsOf(f.evidence);
    const parts = (f.evidence.linkedFindings as { fingerprint: string; accountId: string }[] | undefined) ?? [];
    accounts.forEach((id, i) => {
      const link: OrganizationPathLink = {
        fingerprint: f.fingerprint,
        severity: f.severity,
        path: hops ? pathText(hops) : f.message,
        role: i === 0 ? 'starts here' : i === accounts.length - 1 ? 'ends here' : 'passes through',
        href: `../../org-report.html#${pathAnchor(f.fingerprint)}`,
        findings: parts.filter((p) => p.accountId === id).map((p) => p.fingerprint),
      };
      links.set(id, [...(links.get(id) ?? []), link]);
    });
  }
  return links;
}

/**
 * Rewrites the JSON and HTML reports of the accounts on a path with their links; returns what
 * could not be rewritten. Needs report.json among the formats (the reports are not kept in memory).
 */
export function linkAccountReports(report: OrgReport, out: string, format: readonly Format[]): { linked: string[]; failed: string[] } {
  const linked: string[] = [];
  const failed: string[] = [];
  if (!format.includes('json')) return { linked, failed };
  for (const [accountId, links] of pathLinksByAccount(report)) {
    const dir = join(out, accountDir(accountId));
    const manifest = readManifest(dir);
    if (!manifest) continue;
    try {
      const account = JSON.parse(readFileSync(join(dir, REPORT_JSON), 'utf8')) as Report;
      account.organizationPaths = links;
      const rerender = new Map(format.flatMap((f) => RENDERERS[f](account)).map((file) => [file.name, file.render]));
      const files: OutputFile[] = manifest.files.map(({ name }) => ({
        name,
        render: rerender.get(name) ?? (() => fileChunks(join(dir, name))),
      }));
      const written = writeOutputSet(dir, files, manifest.id);
      failed.push(...written.failed);
      linked.push(accountId);
    } catch (err) {
      failed.push(`account ${accountId}: linking its report to the organization's paths: ${(err as Error).message}`);
    }
  }
  return { linked, failed };
}

/** A file's text in chunks: a snapshot can be larger than one string may hold. */
function* fileChunks(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield decoder.write(buffer.subarray(0, n));
    yield decoder.end();
  } finally {
    closeSync(fd);
  }
}
