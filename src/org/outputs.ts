// Where an organization scan writes: each account's own reports under accounts/<id>/ (written
// as soon as the account is done, each folder its own set), then org-report.json and
// org-report.html at the top of --out.

import { join } from 'node:path';
import { renderOrgHtmlChunks } from '../../reports/org-html.js';
import { renderOrgJsonChunks } from '../../reports/org-json.js';
import { writeOutputs, type Format } from '../../reports/formats.js';
import type { AccountResult, OrgFinding, OrgReport } from '../model/org-report.js';
import type { OrgFacts } from '../model/organization.js';
import { writeOutputSet, type OutputFile } from '../util/output-set.js';

export const accountDir = (accountId: string): string => join('accounts', accountId);

/** Where the account sits in the organization, and (with HTML) the way back to the organization's page. */
export function withMembership(result: AccountResult, format: Format[]): AccountResult {
  if (!result.report) return result;
  const organizationMember = {
    accountName: result.target.name ?? result.target.accountId,
    ouPath: result.target.ouPath.map((u) => u.name),
    ...(format.includes('html') ? { reportHref: '../../org-report.html' } : {}),
  };
  return { ...result, report: { ...result.report, organizationMember } };
}

/** Writes one account's reports; returns the relative link to its HTML report and what failed. */
export function writeAccountOutputs(result: AccountResult, out: string, format: Format[]): { href?: string; failed: string[] } {
  if (!result.report) return { failed: [] };
  const { failed } = writeOutputs(result.report, result.snapshot, { out: join(out, accountDir(result.target.accountId)), format });
  const href = format.includes('html') ? `${accountDir(result.target.accountId)}/report.html` : undefined;
  return { ...(href && !failed.length ? { href } : {}), failed };
}

/** `allFindings`: every open finding in rank order, when the report lists only some (see OrgReportBuilder). */
export function writeOrgOutputs(
  report: OrgReport,
  out: string,
  format: Format[],
  facts?: OrgFacts,
  allFindings?: () => Iterable<OrgFinding>,
): { written: string[]; failed: string[] } {
  const files: OutputFile[] = [];
  const json = { name: 'org-report.json', render: () => renderOrgJsonChunks(report, allFindings?.()) };
  if (format.includes('json')) files.push(json);
  if (format.includes('html')) files.push({ name: 'org-report.html', render: () => renderOrgHtmlChunks(report) });
  if (!files.length) files.push(json);
  // What `incloud evaluate --organization` takes to re-evaluate a member's snapshot with the guardrails.
  if (facts) files.push({ name: 'organization.json', render: () => [`${JSON.stringify(facts, null, 2)}\n`] });
  return writeOutputSet(out, files, `${report.scanId}@${report.generatedAt}`);
}
