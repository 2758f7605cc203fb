import type { Report } from '../src/model/findings.js';

export const CSV_COLUMNS = [
  'priority',
  'severity',
  'checkId',
  'title',
  'service',
  'accountId',
  'region',
  'resourceType',
  'resourceName',
  'resourceArn',
  'duties',
  'fingerprint',
  'message',
  'remediation',
  'suppressedReason',
  'suppressedUntil',
] as const;

/** RFC 4180 quoting, plus a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(report: Report): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of [...report.findings, ...report.suppressedFindings]) {
    rows.push(
      [
        f.priority,
        f.severity,
        f.checkId,
        f.title,
        f.service,
        f.resource.accountId,
        f.resource.region,
        f.resource.type,
        f.resource.name,
        f.resource.arn,
        f.duties.join(';'),
        f.fingerprint,
        f.message,
        f.remediation.summary,
        f.suppressed?.reason,
        f.suppressed?.expires,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
