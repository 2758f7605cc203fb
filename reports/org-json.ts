import type { OrgReport } from '../src/model/org-report.js';
import { jsonChunks } from '../src/util/json-stream.js';

export const ORG_REPORT_SCHEMA_ID = 'urn:incloud:schema:org-report:1';

/** The organization report as chunks of compact JSON. */
export function* renderOrgJsonChunks(report: OrgReport): Generator<string> {
  yield* jsonChunks({ $schema: ORG_REPORT_SCHEMA_ID, ...report });
  yield '\n';
}
