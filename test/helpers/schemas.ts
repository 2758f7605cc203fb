import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const root = join(__dirname, '../..');
const require = createRequire(import.meta.url);

function compile2020(file: string) {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(root, 'schema', file), 'utf8')));
}

export const validateReport = compile2020('report.schema.json');
export const validateOcsf = compile2020('ocsf-detection-finding.schema.json');

/** The official SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's @microsoft/jest-sarif package. */
export const validateSarif = (() => {
  const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
})();

export function errorsOf(v: { errors?: unknown }): string {
  return JSON.stringify(v.errors ?? [], null, 1).slice(0, 3000);
}

export const validateOrgReport = compile2020('org-report.schema.json');
export const validateOrganization = compile2020('organization.schema.json');
/** AWS Security Finding Format: the documented required fields and limits of the fields incloud writes. */
export const validateAsff = compile2020('asff-2018-10-08.schema.json');
