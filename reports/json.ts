import type { Report } from '../src/model/findings.js';

export const REPORT_SCHEMA_ID = 'https://incloud.dev/schema/report-1.json';

export function renderJson(report: Report): string {
  return `${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...report }, null, 2)}\n`;
}
