// Policy-centric "unconstrained capability" checks (data read, resource exposure, CloudShell): a document allows
// sensitive actions on any resource of their kind (Resource "*", arn:aws:s3:::*/*, ...) without conditions. Full-admin documents are left to the admin checks.

import type { Severity } from '../../src/model/findings.js';
import type { CheckDefinition, CheckResult } from '../../src/engine/check-api.js';
import { documentGrantsAdmin, evaluate } from '../../src/policy/iam.js';
import { probeResource } from '../../src/policy/privesc.js';
import { fail, pass } from '../_lib.js';
import { customerDocuments } from './_statements.js';

export function capabilityCheck(
  meta: Omit<CheckDefinition, 'evaluate'> & { actions: string[]; what: string; severityFor?: (actions: string[]) => Severity },
): CheckDefinition {
  return {
    ...meta,
    evaluate: (s, ctx) =>
      customerDocuments(s, ctx, (docs, bad) => [
        ...bad,
        ...docs.map((d): CheckResult => {
          if (documentGrantsAdmin(d.stmts).admin) return pass(d.ref, d.label);
          const allowed = meta.actions.filter(
            (a) => evaluate({ identity: d.stmts }, a, probeResource(a, ctx.accountId, ctx.partition)) === 'allow',
          );
          if (!allowed.length) return pass(d.ref, d.label);
          return fail(
            d.ref,
            `${d.label} allows ${meta.what} on every resource without conditions: ${allowed.join(', ')}.`,
            { document: d.label, actions: allowed },
            { discriminator: d.label, severity: meta.severityFor?.(allowed) ?? meta.severity },
          );
        }),
      ]),
  };
}
