import type { CheckContext, CheckResult } from '../../src/engine/check-api.js';
import type { ResourceRef } from '../../src/model/findings.js';
import type { AuthorizationDetails, Snapshot } from '../../src/model/snapshot.js';
import { PolicyParseError, statementsOf, type Statement } from '../../src/policy/iam.js';
import { notAssessed } from '../_lib.js';
import { isServiceLinked, withAad } from './_principals.js';

export interface PolicyDoc {
  ref: ResourceRef;
  label: string;
  stmts: Statement[];
}

/** Customer-managed default versions (attached ones) and every inline document, parsed. */
export function customerDocuments(
  s: Snapshot,
  ctx: CheckContext,
  fn: (docs: PolicyDoc[], unreadable: CheckResult[], aad: AuthorizationDetails) => CheckResult[],
): CheckResult[] {
  return withAad(s, ctx, (aad) => {
    const docs: PolicyDoc[] = [];
    const bad: CheckResult[] = [];
    const add = (ref: ResourceRef, label: string, doc: unknown) => {
      // null: the document could not be read or parsed when it was collected.
      if (doc === null || doc === undefined) {
        bad.push(notAssessed(ref, `${label} could not be read or parsed`, label));
        return;
      }
      try {
        docs.push({ ref, label, stmts: statementsOf(doc) });
      } catch (e) {
        if (e instanceof PolicyParseError) bad.push(notAssessed(ref, `${label} unreadable: ${e.message}`, label));
        else throw e;
      }
    };
    for (const p of aad.policies)
      if (!p.awsManaged && p.attachmentCount > 0) add(ctx.iamRef('policy', p.arn, p.name), `policy ${p.name}`, p.document);
    for (const u of aad.users) for (const i of u.inline) add(ctx.iamRef('user', u.arn, u.name), `inline ${i.name}`, i.document);
    for (const g of aad.groups) for (const i of g.inline) add(ctx.iamRef('group', g.arn, g.name), `inline ${i.name}`, i.document);
    for (const r of aad.roles)
      if (!isServiceLinked(r)) for (const i of r.inline) add(ctx.iamRef('role', r.arn, r.name), `inline ${i.name}`, i.document);
    return fn(docs, bad, aad);
  });
}
