// The chat summary of a scan or an organization scan (--notify): what is new or back at or above
// a severity, with titles and resources, how many were resolved, overdue SLAs, whether the scan
// was incomplete, and where the report is. One summary, two renderings: Slack Block Kit and a
// Microsoft Teams Adaptive Card (Workflows webhook), each kept inside its service's limits by
// listing fewer findings and saying "and N more". Names from AWS are sent as text: Slack's
// control characters (&, <, >) are escaped, so no mention or link can be made from a tag.

import { SEVERITIES, type Finding, type Report, type Severity } from '../src/model/findings.js';
import { ORG_CHANGES_LISTED, type OrgReport } from '../src/model/org-report.js';
import { countAtOrAbove, isAtOrAbove, zeroSeverities } from '../src/model/severity.js';

export interface ChatItem {
  severity: Severity;
  title: string;
  resource: string;
  /** 'new', 'reopened', or 'open' when there is no history to say what changed. */
  change: 'new' | 'reopened' | 'open';
}

export interface ChatSummary {
  title: string;
  headline: string;
  /** With history: new and reopened at or above the threshold; without: the top open ones. */
  items: ChatItem[];
  itemsLabel: string;
  /** How many items there are when `items` holds only the first of them. */
  itemsTotal?: number;
  resolved?: number;
  overdue?: number;
  incomplete?: string;
  location: string;
}

/** Findings listed at most, before the size limits trim further. */
const MAX_ITEMS = ORG_CHANGES_LISTED;
const SLACK_SECTION_CHARS = 3000;
const TEAMS_PAYLOAD_BYTES = 25_000;

type Listed = Pick<Finding, 'severity' | 'title' | 'resource' | 'history'> & { accountName?: string };

function countsOf(bySeverity: Record<Severity, number>): string {
  const by = SEVERITIES.map((s) => [s, bySeverity[s]] as const).filter(([, n]) => n);
  return by.length ? by.map(([s, n]) => `${n} ${s}`).join(', ') : 'none';
}

const counts = (findings: { severity: Severity }[]): string => {
  const by = zeroSeverities();
  for (const f of findings) by[f.severity]++;
  return countsOf(by);
};

function itemsOf(findings: Listed[], minSeverity: Severity, history: boolean): { items: ChatItem[]; label: string } {
  const shown = findings.filter((f) => isAtOrAbove(f.severity, minSeverity));
  const chosen = history ? shown.filter((f) => f.history?.new || f.history?.reopened) : shown;
  const items = chosen.map((f): ChatItem => ({
    severity: f.severity,
    title: f.title,
    resource: `${f.resource.name}${f.accountName ? ` (${f.accountName})` : ''}`,
    change: f.history?.reopened ? 'reopened' : f.history?.new ? 'new' : 'open',
  }));
  return {
    items,
    label: history
      ? `New or reopened, ${minSeverity} and above`
      : `Top open findings, ${minSeverity} and above (run with --db to see what changed)`,
  };
}

export function summaryOfReport(report: Report, minSeverity: Severity, location: string): ChatSummary {
  const { items, label } = itemsOf(report.findings, minSeverity, Boolean(report.history));
  const name = report.organizationMember?.accountName;
  return {
    title: `incloud: account ${report.scan.accountId}${name ? ` (${name})` : ''}`,
    headline: `${report.findings.length} open findings: ${counts(report.findings)}`,
    items,
    itemsLabel: label,
    ...(report.history ? { resolved: report.history.resolved.length, overdue: report.history.sla.overdue } : {}),
    ...(report.scan.complete
      ? {}
      : {
          incomplete: `Incomplete scan: ${report.summary.notAssessed} results not assessed, ${report.summary.errors} collection errors. Findings it could not see stay open.`,
        }),
    location,
  };
}

/** The organization report lists some of its findings (see OrgReportBuilder): counts come from its summary. */
export function summaryOfOrg(org: OrgReport, minSeverity: Severity, location: string): ChatSummary {
  const changes = org.summary.changes;
  const { items, label } = itemsOf(org.findings, minSeverity, Boolean(changes));
  const latest = org.trend?.at(-1);
  const a = org.summary.accounts;
  const gaps = a['not-assessed'] + a.incomplete;
  return {
    title: `incloud: organization ${org.organization.id ?? org.scanId}`,
    headline: `${org.summary.findings} open findings in ${a.total} accounts: ${countsOf(org.summary.bySeverity)}`,
    items,
    itemsLabel: label,
    itemsTotal: changes
      ? countAtOrAbove(changes.new, minSeverity) + countAtOrAbove(changes.reopened, minSeverity)
      : countAtOrAbove(org.summary.bySeverity, minSeverity),
    ...(latest && !latest.baseline ? { resolved: latest.resolved } : {}),
    ...(changes ? { overdue: changes.overdue } : {}),
    ...(gaps ? { incomplete: `Incomplete: ${a['not-assessed']} account(s) not assessed, ${a.incomplete} with gaps.` } : {}),
    location,
  };
}

const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (t: string, max = 200) => (t.length > max ? `${t.slice(0, max - 1)}…` : t);
const itemLine = (i: ChatItem, esc: (s: string) => string) =>
  `${i.severity.toUpperCase()}${i.change === 'open' ? '' : ` (${i.change})`}: ${esc(clip(i.title))} - ${esc(clip(i.resource))}`;
const facts = (s: ChatSummary) =>
  [s.resolved === undefined ? '' : `${s.resolved} resolved`, s.overdue === undefined ? '' : `${s.overdue} past their SLA`]
    .filter(Boolean)
    .join(' · ');

/** Lines that fit `max` characters together, then "and N more" (of `total` in all). */
function fitted(lines: string[], max: number, total = lines.length): string[] {
  const out: string[] = [];
  let used = 0;
  for (const [k, line] of lines.entries()) {
    const more = `…and ${total - k} more`;
    if (k >= MAX_ITEMS || used + line.length + 1 + more.length > max) return [...out, more];
    out.push(line);
    used += line.length + 1;
  }
  return total > lines.length ? [...out, `…and ${total - lines.length} more`] : out;
}

/** Slack Block Kit: a header, the headline, the findings (one section under 3,000 characters), the facts, the report. */
export function slackMessage(s: ChatSummary): { text: string; blocks: unknown[] } {
  const list = fitted(
    s.items.map((i) => `• ${itemLine(i, slackText)}`),
    SLACK_SECTION_CHARS - 100,
    s.itemsTotal,
  );
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: slackText(s.headline) } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(s.itemsLabel)}*\n${list.length ? list.join('\n') : 'None.'}` } },
  ];
  if (facts(s)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: facts(s) } });
  if (s.incomplete) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${slackText(s.incomplete)}` } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Report: ${slackText(s.location)}` }] });
  return { text: `${s.title}: ${s.headline}`.slice(0, 3000), blocks };
}

/** Adaptive Card text is markdown: take the markup out of names from AWS. */
const teamsText = (t: string) => t.replace(/[[\]()*_~`#<>|\\]/g, ' ');

/** A Teams Workflows webhook message with one Adaptive Card (1.4), under 25 KB. */
export function teamsMessage(s: ChatSummary): unknown {
  const build = (lines: string[]) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: teamsText(s.title), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: teamsText(s.headline), wrap: true },
            { type: 'TextBlock', text: teamsText(s.itemsLabel), weight: 'Bolder', wrap: true, spacing: 'Medium' },
            ...(lines.length ? lines : ['None.']).map((text) => ({ type: 'TextBlock', text, wrap: true, spacing: 'None' })),
            ...(facts(s) ? [{ type: 'TextBlock', text: facts(s), wrap: true, spacing: 'Medium' }] : []),
            ...(s.incomplete ? [{ type: 'TextBlock', text: teamsText(s.incomplete), color: 'Warning', wrap: true }] : []),
            { type: 'TextBlock', text: `Report: ${teamsText(s.location)}`, isSubtle: true, wrap: true },
          ],
        },
      },
    ],
  });
  const lines = s.items.map((i) => `- ${itemLine(i, teamsText)}`);
  const total = s.itemsTotal ?? lines.length;
  for (let room = Math.min(lines.length, MAX_ITEMS); ; room--) {
    const shown = lines.slice(0, room);
    const message = build(room < total ? [...shown, `…and ${total - room} more`] : shown);
    if (Buffer.byteLength(JSON.stringify(message)) <= TEAMS_PAYLOAD_BYTES || room === 0) return message;
  }
}

/** The message for a service. */
export const chatMessage = (service: 'slack' | 'teams', s: ChatSummary): unknown =>
  service === 'slack' ? slackMessage(s) : teamsMessage(s);
