import type { Finding, Report, Severity } from '../src/model/findings.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

/** SARIF 2.1.0: one rule per check, one result per finding, located by the resource ARN. */
export function renderSarif(report: Report): string {
  const all: Finding[] = [...report.findings, ...report.suppressedFindings];
  const rules = report.checks.map((c) => {
    const sample = all.find((f) => f.checkId === c.id);
    return {
      id: c.id,
      name: c.id.replace(/[^A-Za-z0-9]+(.)/g, (_, x: string) => x.toUpperCase()),
      shortDescription: { text: c.title },
      fullDescription: { text: c.title },
      // Each result carries its own filled command; the rule's help is what every result shares.
      ...(sample ? { help: { text: sample.remediation.summary } } : {}),
      defaultConfiguration: { level: LEVEL[c.severity] },
      properties: { tags: ['security', 'aws', c.service, ...c.duties], 'security-severity': SECURITY_SEVERITY[c.severity] },
    };
  });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = all.map((f) => ({
    ruleId: f.checkId,
    ruleIndex: index.get(f.checkId) ?? 0,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ logicalLocations: [{ fullyQualifiedName: f.resource.arn, name: f.resource.name, kind: 'resource' }] }],
    partialFingerprints: { 'incloud/v1': f.fingerprint },
    ...(f.suppressed
      ? {
          suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.suppressed.reason} (until ${f.suppressed.expires})` }],
        }
      : {}),
    properties: {
      severity: f.severity,
      priority: f.priority,
      duties: f.duties,
      region: f.resource.region,
      accountId: f.resource.accountId,
      resourceType: f.resource.type,
      ...(f.remediation.cli ? { fix: f.remediation.cli } : {}),
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
        automationDetails: { id: `incloud/${report.scan.accountId}/${report.generatedAt}` },
        invocations: [{ executionSuccessful: report.scan.complete, endTimeUtc: report.generatedAt }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
