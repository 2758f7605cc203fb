import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const TOOL = { name: 'incloud', version: readVersion() };
/** Version of the JSON report document (schema/report.schema.json). */
export const REPORT_SCHEMA_VERSION = '1.0.0';
