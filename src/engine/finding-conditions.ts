// Decides whether a finding meets a framework control's conditions (see FindingCondition).

import type { FindingCondition } from '../model/frameworks.js';

type Json = unknown;

/** The values at a dotted path; `name[]` fans out over an array. */
function valuesAt(root: Json, path: string): Json[] {
  let current: Json[] = [root];
  for (const segment of path.split('.')) {
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    const next: Json[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      const child = (v as Record<string, Json>)[key];
      if (many) {
        if (Array.isArray(child)) next.push(...(child as Json[]));
      } else if (child !== undefined) next.push(child);
    }
    current = next;
  }
  return current;
}

const isNumber = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);

function compare(v: Json, c: FindingCondition, now: number): boolean {
  switch (c.op) {
    case 'eq':
      return v === c.value;
    case 'ne':
      return v !== c.value;
    case 'gt':
      return isNumber(v) && isNumber(c.value) && v > c.value;
    case 'gte':
      return isNumber(v) && isNumber(c.value) && v >= c.value;
    case 'lt':
      return isNumber(v) && isNumber(c.value) && v < c.value;
    case 'lte':
      return isNumber(v) && isNumber(c.value) && v <= c.value;
    case 'includes':
      return Array.isArray(v) && v.includes(c.value);
    case 'overlaps-ports': {
      const { from, to } = (v ?? {}) as { from?: Json; to?: Json };
      return isNumber(from) && isNumber(to) && Array.isArray(c.value) && c.value.some((p) => isNumber(p) && p >= from && p <= to);
    }
    case 'past': {
      const t = typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isFinite(t) && t < now;
    }
    default:
      return false;
  }
}

/** Whether the condition holds for the finding (`now`: the report's time, for "past"). */
export function meets(finding: Json, c: FindingCondition, now: number): boolean {
  const values = valuesAt(finding, c.path);
  if (c.op === 'absent') return values.length === 0 || values.every((v) => v === null);
  if (c.where) return values.some((v) => c.where!.every((inner) => meets(v, inner, now)));
  return values.some((v) => compare(v, c, now));
}

export function meetsAll(finding: Json, where: FindingCondition[] | undefined, match: 'all' | 'any' = 'all', now = Date.now()): boolean {
  if (!where?.length) return true;
  return match === 'any' ? where.some((c) => meets(finding, c, now)) : where.every((c) => meets(finding, c, now));
}
