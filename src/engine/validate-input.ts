// Validates the files incloud reads against their JSON Schemas and turns the first problem
// into one line naming the file, the place inside it and what was expected.

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { FRAMEWORK_SCHEMA } from '../model/framework-schema.js';
import { CONFIG_SCHEMA, ORG_FACTS_SCHEMA, SNAPSHOT_SCHEMA, SUPPRESSIONS_SCHEMA } from '../model/input-schemas.js';

export class InputFileError extends Error {}

const SCHEMAS = {
  config: CONFIG_SCHEMA,
  suppressions: SUPPRESSIONS_SCHEMA,
  snapshot: SNAPSHOT_SCHEMA,
  organization: ORG_FACTS_SCHEMA,
  framework: FRAMEWORK_SCHEMA,
} as const;
export type InputKind = keyof typeof SCHEMAS;

const compiled = new Map<InputKind, ValidateFunction>();

function validator(kind: InputKind): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    const ajv = new Ajv2020.default({ allErrors: false, strict: true, strictRequired: false, discriminator: true, verbose: true });
    addFormats.default(ajv);
    v = ajv.compile(SCHEMAS[kind]);
    compiled.set(kind, v);
  }
  return v;
}

function describe(errors: ErrorObject[]): string {
  // anyOf lists its branches' errors first; the anyOf itself says what was wanted.
  const e = errors.find((x) => x.keyword === 'anyOf') ?? errors[0]!;
  const at = e.instancePath || '(top level)';
  if (e.keyword === 'anyOf') {
    const branches = (e.schema as { required?: string[] }[]).map((b) => (b.required ?? []).map((k) => `"${k}"`).join(' with '));
    return `${at}: needs ${branches.join(', or ')}`;
  }
  if (e.keyword === 'additionalProperties')
    return `${at}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required') return `${at}: missing "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'format' || e.keyword === 'pattern')
    return `${at}: ${JSON.stringify(e.data)} is not a valid ${e.keyword === 'format' ? (e.params as { format: string }).format : 'value'}`;
  if (e.keyword === 'enum' || e.keyword === 'const')
    return `${at}: ${e.message} (${JSON.stringify((e.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (e.params as { allowedValue?: unknown }).allowedValue)})`;
  return `${at}: ${e.message ?? 'is not valid'}`;
}

/** Throws InputFileError unless data matches the schema of its kind. */
export function validateInput<T>(kind: InputKind, data: unknown, file: string): T {
  const v = validator(kind);
  if (!v(data)) throw new InputFileError(`${file}: not a valid ${kind} file: ${describe(v.errors!)}`);
  return data as T;
}
