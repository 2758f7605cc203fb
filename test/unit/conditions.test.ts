// Conditions decided from what the scan knows: the time, and the principal's credentials.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { decideCondition, type RequestContext } from '../../src/policy/conditions.js';
import { addUser, doc, emptySnapshot, NOW } from '../helpers/builder.js';

const now = new Date(NOW);
const keysNoMfa: RequestContext = { now, mfa: 'never', session: 'unknown' };
const role: RequestContext = { now, mfa: 'unknown', session: 'yes' };
const past = '2020-01-01T00:00:00Z';
const future = '2099-01-01T00:00:00Z';

describe('condition operators', () => {
  it.each([
    ['DateLessThan now < future', { DateLessThan: { 'aws:CurrentTime': future } }, keysNoMfa, 'true'],
    ['DateLessThan now < past', { DateLessThan: { 'aws:CurrentTime': past } }, keysNoMfa, 'false'],
    ['DateGreaterThan now > past', { DateGreaterThan: { 'aws:CurrentTime': past } }, keysNoMfa, 'true'],
    ['DateGreaterThanEquals now >= future', { DateGreaterThanEquals: { 'aws:CurrentTime': future } }, keysNoMfa, 'false'],
    ['DateNotEquals', { DateNotEquals: { 'aws:CurrentTime': past } }, keysNoMfa, 'true'],
    ['NumericLessThan on aws:EpochTime', { NumericLessThan: { 'aws:EpochTime': '4102444800' } }, keysNoMfa, 'true'],
    ['Bool MFA true, user without MFA', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, keysNoMfa, 'false'],
    ['BoolIfExists MFA false, user without MFA', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, keysNoMfa, 'true'],
    ['Bool MFA true, role session', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, role, 'unknown'],
    ['Null MFA, user without MFA (absent or false)', { Null: { 'aws:MultiFactorAuthPresent': 'true' } }, keysNoMfa, 'unknown'],
    ['Null TokenIssueTime false, role session', { Null: { 'aws:TokenIssueTime': 'false' } }, role, 'true'],
    ['Null TokenIssueTime true, role session', { Null: { 'aws:TokenIssueTime': 'true' } }, role, 'false'],
    [
      'BoolIfExists MFA true, user without MFA (absent: true; false: false)',
      { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      keysNoMfa,
      'unknown',
    ],
    [
      'ForAllValues, user without MFA (absent: true; false: false)',
      { 'ForAllValues:StringEquals': { 'aws:MultiFactorAuthPresent': 'true' } },
      keysNoMfa,
      'unknown',
    ],
    ['ForAnyValue, user without MFA', { 'ForAnyValue:StringEquals': { 'aws:MultiFactorAuthPresent': 'true' } }, keysNoMfa, 'false'],
    [
      'StringNotEquals MFA true, user without MFA (absent or false: both true)',
      { StringNotEquals: { 'aws:MultiFactorAuthPresent': 'true' } },
      keysNoMfa,
      'true',
    ],
    ['StringEquals MFA true, user without MFA', { StringEquals: { 'aws:MultiFactorAuthPresent': 'true' } }, keysNoMfa, 'false'],
    ['undecidable key (source IP)', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, keysNoMfa, 'unknown'],
    [
      'every entry must hold',
      { DateLessThan: { 'aws:CurrentTime': future }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      keysNoMfa,
      'false',
    ],
    [
      'a decided and an undecided entry',
      { DateLessThan: { 'aws:CurrentTime': future }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      keysNoMfa,
      'unknown',
    ],
  ])('%s', (_name, condition, rc, expected) => {
    expect(decideCondition(condition as Record<string, Record<string, unknown>>, rc)).toBe(expected);
  });
});

describe('decided conditions change the verdict', () => {
  const esc = (condition: unknown) => {
    const s = emptySnapshot();
    addUser(
      s,
      'dev',
      { inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: condition }) }] },
      { mfaActive: false },
    );
    return evaluate(s, CHECKS, { only: ['iam.principal-privilege-escalation'] }).findings;
  };
  it('an expired grant opens nothing; a current one is definite, not "potential"', () => {
    expect(esc({ DateLessThan: { 'aws:CurrentTime': past } })).toEqual([]);
    expect(esc({ DateLessThan: { 'aws:CurrentTime': future } })[0]?.message).toMatch(/can make itself admin/);
  });
  it('an MFA-only grant is nothing for a user without MFA', () => {
    expect(esc({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })).toEqual([]);
  });
  it('the usual "deny without MFA" guard takes the grant away from a user without MFA', () => {
    const s = emptySnapshot();
    addUser(
      s,
      'dev',
      {
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' },
              {
                Effect: 'Deny',
                NotAction: ['iam:*MFA*'],
                Resource: '*',
                Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
              },
            ),
          },
        ],
      },
      { mfaActive: false },
    );
    expect(evaluate(s, CHECKS, { only: ['iam.principal-privilege-escalation'] }).findings).toEqual([]);
  });
});
