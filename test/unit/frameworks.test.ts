// The framework mappings that ship in frameworks/: valid, complete, and in step with the
// checks' own refs; and the demo report judged against every framework.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { COMPLIANCE_CSV_COLUMNS, renderComplianceCsv } from '../../reports/compliance-csv.js';
import { DEMO_SNAPSHOT, readSnapshot } from '../../src/cli.js';
import { FRAMEWORK_SCHEMA } from '../../src/model/framework-schema.js';
import type { FindingCondition, Framework } from '../../src/model/frameworks.js';
import { DEFAULT_CONFIG } from '../../src/model/check-config.js';
import { assessAccount } from '../../src/pipeline/assess-account.js';
import { FRAMEWORKS_DIR, FrameworkSelectionError, loadFrameworks, selectFrameworks } from '../../src/pipeline/frameworks.js';
import { errorsOf, validateReport } from '../helpers/schemas.js';

const frameworks = loadFrameworks();
const byKey = (key: string) => frameworks.find((f) => f.key === key)!;
const pairKey = (framework: string, version: string, control: string) => `${framework}@${version} ${control}`;

describe('framework mappings', () => {
  it('ship CIS 7.0.0 and 6.0.0 and FSBP, every control listed once (FSBP: 336 with the services counted)', () => {
    expect(frameworks.map((f) => `${f.id}@${f.version}`)).toEqual([
      'aws-fsbp@1.0.0',
      'cis-aws-foundations@7.0.0',
      'cis-aws-foundations@6.0.0',
    ]);
    const total = (f: Framework) => f.controls.length + (f.otherServices ?? []).reduce((n, o) => n + o.controls, 0);
    expect(frameworks.map(total)).toEqual([336, 70, 63]);
    for (const f of frameworks) expect(new Set(f.controls.map((c) => c.id)).size).toBe(f.controls.length);
    for (const f of frameworks) for (const c of f.controls) expect(f.sections.map((s) => s.id)).toContain(c.section);
  });

  it('the committed schema is the one the loader checks against', () => {
    expect(JSON.parse(readFileSync(join(FRAMEWORKS_DIR, '..', 'schema', 'framework.schema.json'), 'utf8'))).toEqual(FRAMEWORK_SCHEMA);
    expect(readdirSync(FRAMEWORKS_DIR).filter((f) => f.endsWith('.json'))).toHaveLength(frameworks.length);
  });

  it('every mapped control names real checks, and every check ref names a real control that maps back to it', () => {
    const checkIds = new Set(CHECKS.map((c) => c.id));
    const fromData = new Set<string>();
    for (const f of frameworks)
      for (const c of f.controls)
        for (const d of c.decidedBy ?? []) {
          expect(checkIds, `${f.key} ${c.id}`).toContain(d.check);
          fromData.add(`${pairKey(f.id, f.version, c.id)} ${d.check}`);
        }
    const fromChecks = new Set(
      CHECKS.flatMap((c) => (c.refs.controls ?? []).map((r) => `${pairKey(r.framework, r.version, r.control)} ${c.id}`)),
    );
    expect([...fromChecks].filter((x) => !fromData.has(x))).toEqual([]);
    expect([...fromData].filter((x) => !fromChecks.has(x))).toEqual([]);
  });

  it('matches the published counts: mapped, manual, out of scope, no check yet', () => {
    const counts = (f: Framework) => ({
      mapped: f.controls.filter((c) => c.decidedBy?.length).length,
      manual: f.controls.filter((c) => c.status === 'manual').length,
      outOfScope:
        f.controls.filter((c) => c.status === 'out-of-scope').length + (f.otherServices ?? []).reduce((n, o) => n + o.controls, 0),
      noCheckYet: f.controls.filter((c) => c.decidedBy && !c.decidedBy.length).length,
    });
    expect(counts(byKey('cis-7.0'))).toMatchObject({ manual: 3, outOfScope: 40 });
    expect(counts(byKey('cis-6.0'))).toMatchObject({ manual: 1, outOfScope: 34 });
    expect(counts(byKey('fsbp'))).toMatchObject({ manual: 0, outOfScope: 293 });
    for (const f of frameworks) {
      const c = counts(f);
      expect(c.mapped + c.manual + c.outOfScope + c.noCheckYet).toBe(
        f.controls.length + (f.otherServices ?? []).reduce((n, o) => n + o.controls, 0),
      );
    }
  });

  it('--frameworks takes keys, ids, id@version, all and none; anything else is one line', () => {
    expect(selectFrameworks('fsbp').map((f) => f.key)).toEqual(['fsbp']);
    expect(selectFrameworks('cis-aws-foundations').map((f) => f.key)).toEqual(['cis-7.0', 'cis-6.0']);
    expect(selectFrameworks('cis-aws-foundations@6.0.0, fsbp').map((f) => f.key)).toEqual(['fsbp', 'cis-6.0']);
    expect(selectFrameworks(undefined)).toHaveLength(3);
    expect(selectFrameworks('none')).toEqual([]);
    expect(() => selectFrameworks('cis-5.0')).toThrow(FrameworkSelectionError);
    expect(() => selectFrameworks('cis-5.0')).toThrow(/unknown framework "cis-5.0" \(known: fsbp, cis-7.0, cis-6.0/);
    expect(() => selectFrameworks(',')).toThrow(/names no framework/);
  });
});

describe('the demo account against every framework', async () => {
  const { report } = await assessAccount(readSnapshot(DEMO_SNAPSHOT), { config: DEFAULT_CONFIG, suppressions: [] });

  it('lists every control of every framework with at least one pass and one fail, and the report stays valid', () => {
    expect(validateReport(report), errorsOf(validateReport)).toBe(true);
    expect(report.compliance!.map((f) => f.key)).toEqual(['fsbp', 'cis-7.0', 'cis-6.0']);
    for (const fw of report.compliance!) {
      expect(fw.controls.map((c) => c.id)).toEqual(byKey(fw.key).controls.map((c) => c.id));
      expect(fw.summary.pass, fw.key).toBeGreaterThan(0);
      expect(fw.summary.fail, fw.key).toBeGreaterThan(0);
      for (const c of fw.controls.filter((x) => x.status === 'fail'))
        for (const fp of c.findings) expect(report.findings.map((f) => f.fingerprint)).toContain(fp);
    }
  });

  it("every condition's path resolves on the demo's findings of its check, where the demo has any", () => {
    const resolves = (value: unknown, path: string): boolean => {
      let current: unknown[] = [value];
      for (const seg of path.split('.')) {
        const many = seg.endsWith('[]');
        const k = many ? seg.slice(0, -2) : seg;
        current = current.flatMap((v) => {
          const child = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
          return many ? (Array.isArray(child) ? child : []) : child === undefined ? [] : [child];
        });
      }
      return current.length > 0;
    };
    const unresolved: string[] = [];
    for (const f of frameworks)
      for (const c of f.controls)
        for (const d of c.decidedBy ?? []) {
          const found = report.findings.filter((x) => x.checkId === d.check);
          if (!found.length) continue;
          const walk = (conds: FindingCondition[], values: unknown[]) => {
            for (const cond of conds) {
              if (cond.op === 'absent') continue;
              if (!values.some((v) => resolves(v, cond.path))) unresolved.push(`${f.key} ${c.id} ${d.check} ${cond.path}`);
            }
          };
          walk(d.where ?? [], found);
        }
    expect(unresolved).toEqual([]);
  });

  it('the compliance CSV has a row per control and failing finding, with account, resource and evidence', () => {
    const fw = report.compliance!.find((f) => f.key === 'cis-7.0')!;
    const lines = renderComplianceCsv(report, fw).trimEnd().split('\r\n');
    expect(lines[0]).toBe(COMPLIANCE_CSV_COLUMNS.join(','));
    const failing = fw.controls.reduce((n, c) => n + Math.max(1, c.findings.length + (c.acceptedRisk?.length ?? 0)), 0);
    expect(lines).toHaveLength(1 + failing);
    const row63 = lines.find((l) => l.includes(',6.3,') && l.includes('ec2.sg-ssh-open-internet'))!;
    expect(row63).toContain('fail');
    expect(row63).toContain(report.scan.accountId);
    expect(row63).toMatch(/openToInternet/);
  });
});
