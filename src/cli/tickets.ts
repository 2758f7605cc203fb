// `incloud tickets sync`: the store's open findings as tickets in Jira, GitHub Issues,
// ServiceNow or a webhook. Credentials come from the environment only.

import type { Severity } from '../model/findings.js';
import { ScanStore } from '../store/scan-store.js';
import { GitHubTarget, githubTargetId } from '../tickets/github.js';
import { JiraTarget, jiraTargetId } from '../tickets/jira.js';
import type { GroupBy } from '../tickets/plan.js';
import { syncTickets } from '../tickets/sync.js';
import { TicketConfigError, type TicketTarget } from '../tickets/target.js';
import { WebhookTarget, webhookTargetId } from '../tickets/webhook.js';
import { ServiceNowTarget, serviceNowSettings, serviceNowTargetId } from '../tickets/servicenow.js';
import { EXIT } from '../pipeline/exit-code.js';
import { dbSpec } from '../store/history-recorder.js';
import type { Io } from './run.js';

export const TARGETS = ['jira', 'github', 'servicenow', 'webhook'] as const;

export interface TicketsOptions {
  target: (typeof TARGETS)[number];
  db?: string | true;
  minSeverity: Severity;
  groupBy: GroupBy;
  dryRun?: boolean;
  account?: string;
  jiraProject?: string;
  jiraIssueType: string;
  githubRepo?: string;
  webhookUrl?: string;
  servicenowTable: string;
  quiet?: boolean;
  /** Seconds to wait for one answer of the ticket system. */
  timeout: number;
}

/** What a dry run plans against: the target's id (to find tracked tickets), and nothing that calls it. */
function planOnlyTarget(id: string): TicketTarget {
  const never = (): Promise<never> => Promise.reject(new Error(`a dry run never calls ${id}`));
  return { id, find: never, create: never, comment: never, close: never, reopen: never };
}

function targetOf(o: TicketsOptions, log: (s: string) => void): TicketTarget {
  if (o.dryRun) {
    const project = o.jiraProject ?? process.env.JIRA_PROJECT ?? '';
    if (o.target === 'jira') return planOnlyTarget(jiraTargetId(project));
    if (o.target === 'github') return planOnlyTarget(githubTargetId(o.githubRepo));
    if (o.target === 'servicenow') return planOnlyTarget(serviceNowTargetId(serviceNowSettings(o.servicenowTable)));
    return planOnlyTarget(webhookTargetId(o.webhookUrl));
  }
  const http = { log, timeoutMs: o.timeout * 1000 };
  if (o.target === 'jira') return new JiraTarget(o.jiraProject ?? process.env.JIRA_PROJECT ?? '', o.jiraIssueType, http);
  if (o.target === 'github') return new GitHubTarget(o.githubRepo, log, process.env, 1000, o.timeout * 1000);
  if (o.target === 'servicenow') return new ServiceNowTarget(serviceNowSettings(o.servicenowTable), http);
  return new WebhookTarget(o.webhookUrl, http);
}

/** Dry runs build the target too (its id finds the tickets already tracked) but never call it. */
export async function ticketsSync(o: TicketsOptions, io: Io): Promise<number> {
  const log = o.quiet ? () => {} : io.err;
  if (o.target === 'jira' && !(o.jiraProject ?? process.env.JIRA_PROJECT))
    throw new TicketConfigError('--jira-project (or JIRA_PROJECT) is needed for --target jira');
  const target = targetOf(o, log);
  const store = await ScanStore.open(dbSpec(o.db ?? true), { existing: true });
  try {
    const s = await syncTickets(store, target, { ...o, dryRun: Boolean(o.dryRun), accountId: o.account, log });
    io.err(
      o.dryRun
        ? `tickets (${target.id}): dry run: ${s.planned.length} action(s) planned, nothing sent`
        : `tickets (${target.id}): ${s.created} created, ${s.adopted} adopted, ${s.updated} commented, ${s.closed} closed, ${s.reopened} reopened, ${s.failed} failed`,
    );
    return s.failed ? EXIT.INCOMPLETE : EXIT.OK;
  } finally {
    await store.close();
  }
}
