import type { Finding, Report, Severity } from '../src/model/findings.js';

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
export const OCSF_VERSION = '1.3.0';

/** OCSF Detection Finding (class 2004) events, one per finding, as a JSON array. */
export function toOcsf(report: Report, f: Finding) {
  const time = Date.parse(report.generatedAt);
  return {
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: SEVERITY_ID[f.severity],
    severity: f.severity.charAt(0).toUpperCase() + f.severity.slice(1),
    status_id: f.suppressed ? 3 : 1,
    status: f.suppressed ? 'Suppressed' : 'New',
    time,
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: report.tool.name, vendor_name: 'incloud', version: report.tool.version },
      uid: f.fingerprint,
    },
    finding_info: { uid: f.fingerprint, title: f.title, desc: f.message, types: [f.checkId], created_time: time },
    cloud: { provider: 'AWS', account: { uid: f.resource.accountId, type: 'AWS Account', type_id: 10 }, region: f.resource.region },
    resources: [
      {
        uid: f.resource.arn,
        type: f.resource.type,
        name: f.resource.name,
        region: f.resource.region,
        owner: { account: { uid: f.resource.accountId } },
      },
    ],
    remediation: { desc: f.remediation.summary },
    risk_score: f.score,
    unmapped: {
      priority: f.priority,
      duties: f.duties,
      evidence: f.evidence,
      refs: f.refs,
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    },
  };
}

export function renderOcsf(report: Report): string {
  return `${JSON.stringify(
    [...report.findings, ...report.suppressedFindings].map((f) => toOcsf(report, f)),
    null,
    2,
  )}\n`;
}
