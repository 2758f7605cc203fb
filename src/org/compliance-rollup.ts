// Accounts × frameworks for the organization report, gathered one account at a time: each
// account leaves its scores and, per control, whether it failed or could not be judged there.

import type { FrameworkVerdicts } from '../model/frameworks.js';
import type { OrgAccountCompliance, OrgFrameworkRollup } from '../model/org-report.js';

export function accountCompliance(frameworks: FrameworkVerdicts[]): OrgAccountCompliance[] {
  return frameworks.map((f) => ({
    key: f.key,
    score: f.summary.score,
    pass: f.summary.pass,
    fail: f.summary.fail,
    notAssessed: f.summary['not-assessed'],
  }));
}

export class ComplianceRollup {
  private readonly frameworks = new Map<string, OrgFrameworkRollup>();
  /** Each framework's control rows by id, built once for all accounts. */
  private readonly rows = new Map<string, Map<string, OrgFrameworkRollup['controls'][number]>>();

  add(accountId: string, frameworks: FrameworkVerdicts[]): void {
    for (const fw of frameworks) {
      let roll = this.frameworks.get(fw.key);
      if (!roll) {
        roll = {
          framework: fw.framework,
          version: fw.version,
          key: fw.key,
          title: fw.title,
          accounts: 0,
          controls: fw.controls.map((c) => ({
            id: c.id,
            section: c.section,
            title: c.title,
            status: c.status === 'manual' || c.status === 'out-of-scope' ? c.status : 'pass',
            failingAccounts: [],
            notAssessedAccounts: [],
          })),
        };
        this.frameworks.set(fw.key, roll);
        this.rows.set(fw.key, new Map(roll.controls.map((c) => [c.id, c])));
      }
      roll.accounts++;
      const byId = this.rows.get(fw.key)!;
      for (const c of fw.controls) {
        const row = byId.get(c.id);
        if (!row) continue;
        if (c.status === 'fail') row.failingAccounts.push(accountId);
        if (c.status === 'not-assessed') row.notAssessedAccounts.push(accountId);
      }
    }
  }

  build(): OrgFrameworkRollup[] {
    return [...this.frameworks.values()].map((f) => ({
      ...f,
      controls: f.controls.map((c) => ({
        ...c,
        status: c.failingAccounts.length ? 'fail' : c.notAssessedAccounts.length ? 'not-assessed' : c.status,
      })),
    }));
  }
}
