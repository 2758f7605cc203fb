// JSON Schema (draft 2020-12) of a framework mapping file (frameworks/*.json); `npm run docs`
// writes it to schema/framework.schema.json.

import { FRAMEWORK_FORMAT } from './frameworks.js';

type Schema = Record<string, unknown>;

const nonEmpty: Schema = { type: 'string', minLength: 1 };
const closed = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const condition: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', pattern: '^[A-Za-z0-9]+(\\[\\])?(\\.[A-Za-z0-9]+(\\[\\])?)*$' },
    op: { enum: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'includes', 'overlaps-ports', 'absent', 'past'] },
    value: {},
    where: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } },
  },
  oneOf: [{ required: ['op'] }, { required: ['where'] }],
};

const control: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'section', 'title', 'assessment'],
  properties: {
    id: nonEmpty,
    section: nonEmpty,
    title: nonEmpty,
    assessment: { enum: ['automated', 'manual'] },
    level: { enum: [1, 2] },
    decidedBy: {
      type: 'array',
      items: closed(
        {
          check: { type: 'string', pattern: '^(ec2|s3|iam)\\.[a-z0-9-]+$' },
          where: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } },
          match: { enum: ['all', 'any'] },
        },
        ['check'],
      ),
    },
    status: { enum: ['manual', 'out-of-scope'] },
    reason: nonEmpty,
    gap: nonEmpty,
    note: nonEmpty,
  },
  // Exactly one way to be decided: by checks (some, or none yet with a gap), or by a status with its reason.
  oneOf: [
    { required: ['decidedBy'], not: { anyOf: [{ required: ['status'] }, { required: ['reason'] }] } },
    { required: ['status', 'reason'], not: { anyOf: [{ required: ['decidedBy'] }, { required: ['gap'] }] } },
  ],
};

export const FRAMEWORK_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://incloud.dev/schema/framework.schema.json',
  title: 'incloud framework mapping',
  description: 'One version of a compliance framework: every control, and how incloud decides it.',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'id', 'version', 'key', 'title', 'about', 'sections', 'controls'],
  properties: {
    $schema: { type: 'string' },
    format: { const: FRAMEWORK_FORMAT },
    id: { type: 'string', pattern: '^[a-z0-9-]+$' },
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    key: { type: 'string', pattern: '^[a-z0-9.-]+$' },
    title: nonEmpty,
    about: nonEmpty,
    sections: { type: 'array', minItems: 1, items: closed({ id: nonEmpty, title: nonEmpty }, ['id', 'title']) },
    controls: { type: 'array', minItems: 1, items: control },
    otherServices: {
      type: 'array',
      items: closed({ service: nonEmpty, controls: { type: 'integer', minimum: 1 } }, ['service', 'controls']),
    },
  },
  $defs: { condition },
};
