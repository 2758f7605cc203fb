import type { Report } from '../src/model/findings.js';

export const REPORT_SCHEMA_ID = 'urn:incloud:schema:report:1';

export function renderJson(report: Report): string {
  return `${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...report }, null, 2)}\n`;
}
