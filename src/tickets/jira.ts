// Jira Cloud, REST API v3 (plain fetch): issues carry the marker as a label; descriptions and
// comments are Atlassian Document Format; close and reopen use the workflow's transitions to a
// "done" or a "to do" status category.

import { requestJson, type HttpOptions } from './http.js';
import type { TicketDraft } from './plan.js';
import { fromEnv, type TicketRef, type TicketTarget } from './target.js';

const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: text.split('\n\n').map((para) => ({ type: 'paragraph', content: para ? [{ type: 'text', text: para }] : [] })),
});

interface JiraIssue {
  id: string;
  key: string;
  fields?: { status?: { statusCategory?: { key?: string } } };
}

const jiraBase = (env: NodeJS.ProcessEnv): string => fromEnv('JIRA_BASE_URL', env).replace(/\/+$/, '');

/** The target's id, from settings that are not secrets (a dry run needs no credentials). */
export const jiraTargetId = (project: string, env = process.env): string => `jira:${jiraBase(env)}/${project}`;

export class JiraTarget implements TicketTarget {
  readonly id: string;
  private readonly base: string;
  private readonly auth: string;

  constructor(
    private readonly project: string,
    private readonly issueType: string,
    private readonly http: HttpOptions = {},
    env = process.env,
  ) {
    this.base = jiraBase(env);
    this.auth = `Basic ${Buffer.from(`${fromEnv('JIRA_EMAIL', env)}:${fromEnv('JIRA_API_TOKEN', env)}`).toString('base64')}`;
    this.id = jiraTargetId(project, env);
  }

  private call<T>(method: string, path: string, body?: unknown, safeToRepeat = true): Promise<T> {
    return requestJson<T>(method, `${this.base}${path}`, { authorization: this.auth }, body, { ...this.http, safeToRepeat });
  }

  private stateOf(issue: JiraIssue): 'open' | 'closed' {
    return issue.fields?.status?.statusCategory?.key === 'done' ? 'closed' : 'open';
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const out = await this.call<{ issues?: JiraIssue[] }>('POST', '/rest/api/3/search/jql', {
      jql: `project = "${this.project}" AND labels = "${marker}" ORDER BY created ASC`,
      fields: ['status'],
      maxResults: 1,
    });
    const issue = out.issues?.[0];
    return issue ? { id: issue.key, url: `${this.base}/browse/${issue.key}`, state: this.stateOf(issue) } : undefined;
  }

  async create(draft: TicketDraft, body: string): Promise<TicketRef> {
    const out = await this.call<{ id: string; key: string }>(
      'POST',
      '/rest/api/3/issue',
      {
        fields: {
          project: { key: this.project },
          issuetype: { name: this.issueType },
          summary: draft.title.slice(0, 255),
          description: adf(body),
          labels: ['incloud', draft.marker, `incloud-${draft.severity}`],
        },
      },
      false,
    );
    return { id: out.key, url: `${this.base}/browse/${out.key}`, state: 'open' };
  }

  async comment(ticketId: string, body: string): Promise<void> {
    await this.call('POST', `/rest/api/3/issue/${encodeURIComponent(ticketId)}/comment`, { body: adf(body) });
  }

  private async transition(ticketId: string, toCategory: 'done' | 'new'): Promise<void> {
    const { transitions = [] } = await this.call<{ transitions?: { id: string; to?: { statusCategory?: { key?: string } } }[] }>(
      'GET',
      `/rest/api/3/issue/${encodeURIComponent(ticketId)}/transitions`,
    );
    const wanted = toCategory === 'done' ? ['done'] : ['new', 'indeterminate'];
    const t = transitions.find((x) => wanted.includes(x.to?.statusCategory?.key ?? ''));
    if (!t) throw new Error(`Jira issue ${ticketId} has no transition to a "${toCategory === 'done' ? 'done' : 'to do'}" status`);
    await this.call('POST', `/rest/api/3/issue/${encodeURIComponent(ticketId)}/transitions`, { transition: { id: t.id } });
  }

  async close(ticketId: string, body: string): Promise<void> {
    await this.comment(ticketId, body);
    await this.transition(ticketId, 'done');
  }

  async reopen(ticketId: string, body: string): Promise<void> {
    await this.transition(ticketId, 'new');
    await this.comment(ticketId, body);
  }
}
