// GitHub Issues through @octokit/rest with its throttling plugin (waits out primary and
// secondary rate limits, including 429 with Retry-After). The marker is a label; issues are
// found again by label, in any state. Bodies are code blocks: text from AWS cannot mention,
// link or format.

import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { TicketDraft } from './plan.js';
import { fromEnv, TicketConfigError, type TicketRef, type TicketTarget } from './target.js';

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/**
 * Ticket text as GitHub markdown that shows it and does nothing else: the text (which holds
 * names and tags from AWS) goes into a fenced code block, where GitHub renders no mention,
 * link, image, heading or HTML. The fence is longer than any run of backticks in the text.
 */
export function githubBody(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function githubSettings(repository: string | undefined, env: NodeJS.ProcessEnv) {
  const full = repository ?? fromEnv('GITHUB_REPOSITORY', env);
  const [owner, repo, extra] = full.split('/');
  if (!owner || !repo || extra !== undefined) throw new TicketConfigError(`--github-repo ${full}: use OWNER/REPO`);
  const baseUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  return { owner, repo, baseUrl, id: `github:${baseUrl}/${full}` };
}

/** The target's id, from settings that are not secrets (a dry run needs no token). */
export const githubTargetId = (repository: string | undefined, env = process.env): string => githubSettings(repository, env).id;

export class GitHubTarget implements TicketTarget {
  readonly id: string;
  private readonly octokit: InstanceType<typeof ThrottledOctokit>;
  private readonly owner: string;
  private readonly repo: string;

  constructor(repository: string | undefined, log: (s: string) => void, env = process.env, retryAfterBaseMs = 1000, timeoutMs = 30_000) {
    const { owner, repo, baseUrl, id } = githubSettings(repository, env);
    this.owner = owner;
    this.repo = repo;
    this.id = id;
    const retryAfter = (what: string) => (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
      log(`tickets: GitHub ${what} on ${options.method} ${options.url}; retrying in ${after} s`);
      return count < 3;
    };
    this.octokit = new ThrottledOctokit({
      auth: fromEnv('GITHUB_TOKEN', env),
      baseUrl,
      userAgent: 'incloud',
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      throttle: {
        onRateLimit: retryAfter('rate limit'),
        onSecondaryRateLimit: retryAfter('secondary rate limit'),
        retryAfterBaseValue: retryAfterBaseMs,
      },
      // 5xx and lost or hung connections (octokit reports both as status 500) are retried.
      retry: { retries: 3 },
      request: {
        fetch: (url: string, init: RequestInit = {}) =>
          fetch(url, {
            ...init,
            signal: init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
          }),
      },
    });
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const { data } = await this.octokit.rest.issues.listForRepo({
      owner: this.owner,
      repo: this.repo,
      labels: marker,
      state: 'all',
      per_page: 1,
    });
    const issue = data[0];
    return issue ? { id: String(issue.number), url: issue.html_url, state: issue.state === 'closed' ? 'closed' : 'open' } : undefined;
  }

  async create(draft: TicketDraft, body: string): Promise<TicketRef> {
    const { data } = await this.octokit.rest.issues.create({
      owner: this.owner,
      repo: this.repo,
      title: draft.title,
      body: githubBody(body),
      labels: ['incloud', draft.marker, `incloud-${draft.severity}`],
      // Not repeated after a 500 or a lost answer: the issue may exist already (sync looks it up).
      request: { retries: 0 },
    });
    return { id: String(data.number), url: data.html_url, state: 'open' };
  }

  async comment(ticketId: string, body: string): Promise<void> {
    await this.octokit.rest.issues.createComment({
      owner: this.owner,
      repo: this.repo,
      issue_number: Number(ticketId),
      body: githubBody(body),
    });
  }

  async close(ticketId: string, body: string): Promise<void> {
    await this.comment(ticketId, body);
    await this.octokit.rest.issues.update({
      owner: this.owner,
      repo: this.repo,
      issue_number: Number(ticketId),
      state: 'closed',
      state_reason: 'completed',
    });
  }

  async reopen(ticketId: string, body: string): Promise<void> {
    await this.octokit.rest.issues.update({ owner: this.owner, repo: this.repo, issue_number: Number(ticketId), state: 'open' });
    await this.comment(ticketId, body);
  }
}
