// The catalogue agrees with itself: every check module's file name is its id, the registry
// holds exactly those modules, every check has a fixture case, and a clean account passes all.

import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../checks/index.js';
import { evaluate } from '../../../src/engine/evaluate.js';
import type { CheckDefinition } from '../../../src/engine/check-api.js';
import { clean, deepFreeze } from '../../helpers/check-tester.js';
import { EC2_CASES } from './ec2.cases.js';
import { IAM_CASES } from './iam.cases.js';
import { S3_CASES } from './s3.cases.js';

const CHECKS_DIR = resolve(import.meta.dirname, '../../../checks');
const SERVICES = ['ec2', 's3', 'iam'] as const;
const CASES = { ec2: EC2_CASES, s3: S3_CASES, iam: IAM_CASES };

/** Every module under checks/<service>/ that does not start with "_", with its default export. */
async function checkModules(): Promise<{ file: string; id: string; check: CheckDefinition }[]> {
  const out = [];
  for (const service of SERVICES)
    for (const name of readdirSync(join(CHECKS_DIR, service)).sort()) {
      if (name.startsWith('_') || !name.endsWith('.ts')) continue;
      const mod = (await import(pathToFileURL(join(CHECKS_DIR, service, name)).href)) as { default: CheckDefinition };
      out.push({ file: `${service}/${name}`, id: `${service}.${name.replace(/\.ts$/, '')}`, check: mod.default });
    }
  return out;
}

describe('catalogue', () => {
  it('each check module is named after its id and its service folder', async () => {
    const mismatched = (await checkModules()).filter((m) => m.check?.id !== m.id || m.check.service !== m.id.split('.')[0]);
    expect(mismatched.map((m) => `${m.file}: id ${m.check?.id}, service ${m.check?.service}`)).toEqual([]);
  });

  it('the registry holds exactly the check modules, once each', async () => {
    const modules = await checkModules();
    expect(CHECKS.map((c) => c.id).sort()).toEqual(modules.map((m) => m.id).sort());
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const m of modules) expect(CHECKS.includes(m.check), `${m.id} is registered as its own module's export`).toBe(true);
  });

  it('every registered check has a fixture case in its service file, and every case names a registered check', () => {
    for (const service of SERVICES) {
      const ids = CASES[service].map((c) => c.id);
      expect(
        ids.filter((id) => !id.startsWith(`${service}.`)),
        `cases in ${service}.cases.ts`,
      ).toEqual([]);
      expect(ids.filter((id) => !CHECKS.some((c) => c.id === id))).toEqual([]);
    }
    const covered = new Set(SERVICES.flatMap((s) => CASES[s].map((c) => c.id)));
    expect(CHECKS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('clean account', () => {
  it('yields no findings and no not-assessed results', () => {
    const r = evaluate(deepFreeze(clean()), CHECKS);
    expect(r.findings.map((f) => `${f.checkId} ${f.resource.name}`)).toEqual([]);
    expect(r.notAssessed).toEqual([]);
  });
});

describe("the tester's own guards", () => {
  it('a check that writes to its input breaks on the frozen snapshot instead of passing', () => {
    const writer: CheckDefinition = {
      ...CHECKS[0]!,
      evaluate: (s, ctx) => {
        (s.errors as unknown[]).push('written');
        return [{ status: 'pass', resource: ctx.accountRef() }];
      },
    };
    const r = evaluate(deepFreeze(clean()), [writer]);
    expect(r.checks[0]!.passed).toBe(0);
    expect(r.notAssessed.map((n) => n.reason)).toEqual([expect.stringMatching(/^check failed on this data/)]);
  });
});
