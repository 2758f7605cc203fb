// Auditor-ready CSV, one file per framework: a row per control and failing finding (a control
// with none has one row), with the account, resource, finding and its evidence, so the sheet
// answers "which control, where, why" without the JSON.

import type { Finding, Report } from '../src/model/findings.js';
import type { FrameworkVerdicts } from '../src/model/frameworks.js';
import { csvCell } from './csv.js';

export const COMPLIANCE_CSV_COLUMNS = [
  'framework',
  'version',
  'section',
  'control',
  'title',
  'status',
  'why',
  'accountId',
  'resourceArn',
  'resourceName',
  'checkId',
  'severity',
  'finding',
  'fingerprint',
  'evidence',
  'acceptedRisk',
] as const;

const EVIDENCE_CHARS = 2000;

export const complianceCsvFile = (fw: Pick<FrameworkVerdicts, 'key'>): string => `compliance-${fw.key}.csv`;

function evidenceText(f: Finding): string {
  const text = JSON.stringify(f.evidence);
  return text.length > EVIDENCE_CHARS ? `${text.slice(0, EVIDENCE_CHARS)}…` : text;
}

export function renderComplianceCsv(report: Report, fw: FrameworkVerdicts): string {
  const byFp = new Map([...report.findings, ...report.suppressedFindings].map((f) => [f.fingerprint, f]));
  const rows = [COMPLIANCE_CSV_COLUMNS.join(',')];
  const row = (cells: unknown[]) => rows.push(cells.map(csvCell).join(','));
  for (const c of fw.controls) {
    const head = [fw.framework, fw.version, c.section, c.id, c.title, c.status, c.why];
    const failing = [
      ...c.findings.map((fp) => [byFp.get(fp), false] as const),
      ...(c.acceptedRisk ?? []).map((fp) => [byFp.get(fp), true] as const),
    ].filter((x): x is readonly [Finding, boolean] => Boolean(x[0]));
    if (!failing.length) row([...head, report.scan.accountId, '', '', c.checks.join(' '), '', '', '', '', '']);
    for (const [f, accepted] of failing)
      row([
        ...head,
        f.resource.accountId,
        f.resource.arn,
        f.resource.name,
        f.checkId,
        f.severity,
        f.message,
        f.fingerprint,
        evidenceText(f),
        accepted ? `suppressed until ${f.suppressed?.expires ?? '?'}: ${f.suppressed?.reason ?? ''}` : '',
      ]);
  }
  for (const o of fw.otherServices ?? [])
    row([
      fw.framework,
      fw.version,
      o.service,
      `${o.service}.*`,
      `${o.controls} controls on ${o.service}`,
      'out-of-scope',
      'incloud does not collect this service.',
      report.scan.accountId,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  return `${rows.join('\r\n')}\r\n`;
}
