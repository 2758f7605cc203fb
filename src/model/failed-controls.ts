// Which framework controls each finding fails, read off a report's verdicts.

import type { Report } from './findings.js';
import type { ControlRef } from './frameworks.js';

/**
 * The controls each finding fails, from the report's verdicts: what Security Hub's
 * RelatedRequirements should name (narrower than the check's refs, since a framework may draw
 * its line by port, IP version or threshold). Undefined without verdicts (--frameworks none).
 */
export function controlsFailedBy(report: Report): Map<string, ControlRef[]> | undefined {
  if (!report.compliance) return undefined;
  const byFinding = new Map<string, ControlRef[]>();
  for (const fw of report.compliance)
    for (const c of fw.controls)
      for (const fp of [...c.findings, ...(c.acceptedRisk ?? [])])
        byFinding.set(fp, [...(byFinding.get(fp) ?? []), { framework: fw.framework, version: fw.version, control: c.id }]);
  return byFinding;
}
