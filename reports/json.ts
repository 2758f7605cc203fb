import type { Report } from '../src/model/findings.js';
import { jsonChunks } from '../src/util/json-stream.js';

export const REPORT_SCHEMA_ID = 'urn:incloud:schema:report:1';

/** The JSON report as chunks (compact JSON), for writing without one big string. */
export function* renderJsonChunks(report: Report): Generator<string> {
  yield* jsonChunks({ $schema: REPORT_SCHEMA_ID, ...report });
  yield '\n';
}

export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}
