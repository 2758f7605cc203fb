// The one place incloud writes to AWS: `incloud securityhub sync` sends findings to Security
// Hub, and only there. It is not a scan client: AwsClients never builds it, and its own guard
// lets exactly the three Security Hub operations of deploy/securityhub-sync-policy.json (plus
// sts:GetCallerIdentity, to name the account's product ARN) leave the process. Credentials are
// its own (the default chain, or --profile), never a scan's assumed role.

import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SECURITY_HUB_SYNC_OPERATIONS } from './readonly.js';

/** Findings per BatchImportFindings / BatchUpdateFindings call (AWS's limit). */
const BATCH = 100;

export class SecurityHubCallRefused extends Error {}

export interface SecurityHubOptions {
  region: string;
  profile?: string;
  endpointUrl?: string;
  maxAttempts?: number;
}

/** A finding as Security Hub holds it: what the sync needs to decide. */
export interface HubFindingState {
  id: string;
  recordState: string;
  workflowStatus?: string;
}

export interface WriteOutcome {
  sent: number;
  failed: { id: string; reason: string }[];
}

type Handler = (args: unknown) => Promise<unknown>;
interface Guardable {
  middlewareStack: {
    add(mw: (next: Handler, ctx: { commandName?: string }) => Handler, o: { step: 'initialize'; name: string; priority: 'high' }): void;
  };
}

function guarded<T>(client: T, service: string, calls: string[]): T {
  (client as unknown as Guardable).middlewareStack.add(
    (next, ctx) => async (args) => {
      const operation = (ctx.commandName ?? '').replace(/Command$/, '');
      if (!(SECURITY_HUB_SYNC_OPERATIONS[service] ?? []).includes(operation))
        throw new SecurityHubCallRefused(
          `incloud securityhub sync calls only ${service}:${(SECURITY_HUB_SYNC_OPERATIONS[service] ?? []).join(', ')}; refused ${service}:${operation}`,
        );
      calls.push(`${service}:${operation}`);
      return next(args);
    },
    { step: 'initialize', name: 'incloudSecurityHubGuard', priority: 'high' },
  );
  return client;
}

export class SecurityHubWriter {
  /** Every call that left the process, as "service:Operation". */
  readonly calls: string[] = [];
  private readonly hub: SecurityHubClient;
  private readonly sts: STSClient;

  constructor(readonly o: SecurityHubOptions) {
    const base = {
      region: o.region,
      maxAttempts: o.maxAttempts ?? 5,
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
    };
    this.hub = guarded(new SecurityHubClient(base), 'securityhub', this.calls);
    this.sts = guarded(new STSClient(base), 'sts', this.calls);
  }

  async accountId(): Promise<string> {
    const { Account } = await this.sts.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('sts:GetCallerIdentity returned no account');
    return Account;
  }

  /** incloud's findings in Security Hub (its own product, ids incloud/...), active and archived. */
  async existing(productArn: string): Promise<Map<string, HubFindingState>> {
    const Filters: AwsSecurityFindingFilters = {
      ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
      Id: [{ Value: 'incloud/', Comparison: 'PREFIX' }],
    };
    const out = new Map<string, HubFindingState>();
    let NextToken: string | undefined;
    do {
      const page = await this.hub.send(new GetFindingsCommand({ Filters, MaxResults: 100, ...(NextToken ? { NextToken } : {}) }));
      for (const f of page.Findings ?? []) {
        // Filtered again here: an emulator (or a filter AWS changes) must not widen what the sync touches.
        if (f.ProductArn !== productArn || !f.Id?.startsWith('incloud/')) continue;
        out.set(f.Id, {
          id: f.Id,
          recordState: f.RecordState ?? 'ACTIVE',
          ...(f.Workflow?.Status ? { workflowStatus: f.Workflow.Status } : {}),
        });
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  }

  /** BatchImportFindings, 100 at a time; a finding Security Hub refuses is reported, not fatal. */
  async import(findings: unknown[]): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { sent: 0, failed: [] };
    for (let i = 0; i < findings.length; i += BATCH) {
      const batch = findings.slice(i, i + BATCH) as AwsSecurityFinding[];
      const r = await this.hub.send(new BatchImportFindingsCommand({ Findings: batch }));
      outcome.sent += r.SuccessCount ?? 0;
      for (const f of r.FailedFindings ?? [])
        outcome.failed.push({ id: f.Id ?? '?', reason: `${f.ErrorCode ?? 'error'}: ${f.ErrorMessage ?? ''}` });
    }
    return outcome;
  }

  /** Marks findings SUPPRESSED with a note (incloud's reason and expiry), 100 at a time. */
  async suppress(items: { id: string; productArn: string; note: string }[]): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { sent: 0, failed: [] };
    // One call per distinct note: BatchUpdateFindings applies one note to all its findings.
    const byNote = new Map<string, { id: string; productArn: string }[]>();
    for (const it of items) byNote.set(it.note, [...(byNote.get(it.note) ?? []), it]);
    for (const [note, group] of byNote) {
      for (let i = 0; i < group.length; i += BATCH) {
        const r = await this.hub.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: group.slice(i, i + BATCH).map((g) => ({ Id: g.id, ProductArn: g.productArn })),
            Workflow: { Status: 'SUPPRESSED' },
            Note: { Text: note.slice(0, 512), UpdatedBy: 'incloud' },
          }),
        );
        outcome.sent += r.ProcessedFindings?.length ?? 0;
        for (const u of r.UnprocessedFindings ?? [])
          outcome.failed.push({ id: u.FindingIdentifier?.Id ?? '?', reason: `${u.ErrorCode ?? 'error'}: ${u.ErrorMessage ?? ''}` });
      }
    }
    return outcome;
  }
}
