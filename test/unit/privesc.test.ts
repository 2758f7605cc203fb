// Every privilege-escalation path, table-driven: each variant is found when allowed, and not
// found under an explicit Deny, a resource scope that excludes every target, or a permissions
// boundary; grants under a condition are "conditional".

import { describe, expect, it } from 'vitest';
import { statementsOf, type PolicySet } from '../../src/policy/iam.js';
import { ESCALATION_PATHS, escalationPaths } from '../../src/policy/privesc.js';

const ACCOUNT = '111122223333';
const allow = (Action: string[], Resource: string | string[] = '*', Condition?: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const deny = (Action: string[]) => ({ Effect: 'Deny', Action, Resource: '*' });
const set = (identity: unknown[], boundary?: unknown[]): PolicySet => ({
  identity: statementsOf({ Statement: identity }),
  ...(boundary ? { boundary: statementsOf({ Statement: boundary }) } : {}),
});
const found = (s: PolicySet, id: string) => escalationPaths(s, ACCOUNT).find((m) => m.id === id);

const CASES = ESCALATION_PATHS.flatMap((p) => p.variants.map((actions, i) => ({ id: p.id, variant: i + 1, actions, path: p })));

describe('escalation paths', () => {
  it('cover every path of the catalogue, P01 to P58 (P25, a plain sts:AssumeRole pivot, is its own check)', () => {
    const ids = ESCALATION_PATHS.map((p) => p.id);
    const expected = Array.from({ length: 58 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`).filter((id) => id !== 'P25');
    expect(ids).toEqual(expected);
  });

  it.each(CASES)('$id variant $variant ($actions): found when allowed on every target', ({ id, actions }) => {
    const m = found(set([allow(actions)]), id);
    expect(m?.conditional).toBe(false);
    expect(m!.actions.every((a) => actions.includes(a))).toBe(true); // this variant or a smaller one of the same path
  });

  it.each(CASES)('$id variant $variant: not found when one of its actions is explicitly denied', ({ id, actions, path }) => {
    // Deny an action that every smaller variant of the same path also needs.
    const smaller = path.variants.filter((v) => v.every((a) => actions.includes(a)));
    const denied = actions.find((a) => smaller.every((v) => v.includes(a)))!;
    expect(found(set([allow(actions), deny([denied])]), id)).toBeUndefined();
  });

  it.each(CASES)('$id variant $variant: not found when the grant is scoped to resources that are not targets', ({ id, actions }) => {
    const scoped = [
      `arn:aws:iam::${ACCOUNT}:role/harmless-app`,
      'arn:aws:s3:::one-bucket/*',
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:one`,
    ];
    expect(found(set([allow(actions, scoped)]), id)).toBeUndefined();
  });

  it.each(CASES)('$id variant $variant: not found under a permissions boundary that does not allow it', ({ id, actions }) => {
    expect(found(set([allow(actions)], [allow(['s3:GetObject', 'logs:*'])]), id)).toBeUndefined();
  });

  it.each(CASES)('$id variant $variant: conditional when the grant has a condition', ({ id, actions }) => {
    const m = found(set([allow(actions, '*', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })]), id);
    expect(m?.conditional).toBe(true);
  });
});
