import type { OrgFinding, OrgReport } from '../src/model/org-report.js';
import { jsonChunks, StreamedArray } from '../src/util/json-stream.js';

export const ORG_REPORT_SCHEMA_ID = 'urn:incloud:schema:org-report:1';

/** The organization report as chunks of compact JSON; `allFindings` (read as it is written) replaces the listed findings. */
export function* renderOrgJsonChunks(report: OrgReport, allFindings?: Iterable<OrgFinding>): Generator<string> {
  yield* jsonChunks({ $schema: ORG_REPORT_SCHEMA_ID, ...report, ...(allFindings ? { findings: new StreamedArray(allFindings) } : {}) });
  yield '\n';
}
