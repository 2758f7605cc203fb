// Local stand-ins for the ticket systems, on loopback: the documented subset of Jira Cloud's REST
// API v3 and of GitHub's Issues API that incloud uses, plus a webhook receiver. Each checks the
// request shapes (the fields those APIs require, their types), the credentials, and can answer
// 429 with Retry-After, or call a hook between storing a created ticket and answering (a crash
// injected there looks to the client exactly like dying between create and record).

import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface Issue {
  id: string;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  comments: string[];
}

export interface FakeTracker {
  url: string;
  issues: Issue[];
  /** Every request as "METHOD /path". */
  log: string[];
  /** Request shapes that broke the documented API. */
  violations: string[];
  /** The next n requests get 429 with Retry-After: 1. */
  rateLimitNext(n: number): void;
  /**
   * Faults for the next requests that match (default: every request): 'error' answers 500,
   * 'hang' never answers, 'drop' closes the connection without an answer. `after: true` acts
   * once the request has been handled (the ticket exists, the answer is lost).
   */
  faultNext(n: number, fault: 'error' | 'hang' | 'drop', o?: { match?: string; after?: boolean }): void;
  /** Runs after an issue is stored and before the answer is sent. */
  onCreate?: () => void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let s = '';
    req.on('data', (d) => (s += String(d)));
    req.on('end', () => resolve(s));
  });

export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export interface Handler {
  (req: IncomingMessage, path: string, query: URLSearchParams, body: unknown, res: ServerResponse, t: FakeTracker): void;
}

export async function serve(
  authorised: (req: IncomingMessage) => boolean,
  handler: Handler,
  tooMany: (res: ServerResponse) => void,
): Promise<FakeTracker> {
  let limited = 0;
  const faults: { left: number; fault: 'error' | 'hang' | 'drop'; match?: string; after?: boolean }[] = [];
  const tracker = {
    url: '',
    issues: [] as Issue[],
    log: [] as string[],
    violations: [] as string[],
    rateLimitNext: (n: number) => {
      limited = n;
    },
    faultNext: (n: number, fault: 'error' | 'hang' | 'drop', o: { match?: string; after?: boolean } = {}) => {
      faults.push({ left: n, fault, ...o });
    },
  } as FakeTracker & { server?: Server };
  const act = (fault: 'error' | 'hang' | 'drop', req: IncomingMessage, res: ServerResponse) => {
    if (fault === 'error') send(res, 500, { message: 'internal error' });
    else if (fault === 'drop') req.socket.destroy();
    // 'hang': no answer; the client has to give up on its own.
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const u = new URL(req.url ?? '/', 'http://x');
    const line = `${req.method} ${u.pathname}`;
    tracker.log.push(line);
    if (limited > 0) {
      limited--;
      tooMany(res);
      return;
    }
    const f = faults.find((x) => x.left > 0 && (!x.match || line.includes(x.match)));
    if (f) f.left--;
    if (f && !f.after) return act(f.fault, req, res);
    if (f?.after) {
      // Handle the request for real, then lose the answer.
      const real = res;
      res = Object.assign(Object.create(real) as ServerResponse, {
        writeHead: () => res,
        end: () => act(f.fault === 'hang' ? 'hang' : f.fault, req, real),
      });
    }
    if (!authorised(req)) return send(res, 401, { message: 'Bad credentials' });
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      tracker.violations.push(`${req.method} ${u.pathname}: body is not JSON`);
      return send(res, 400, { message: 'invalid JSON' });
    }
    handler(req, u.pathname, u.searchParams, body, res, tracker);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tracker.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  tracker.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return tracker;
}

const isAdf = (v: unknown): boolean => {
  const d = v as { type?: string; version?: number; content?: unknown[] };
  return d?.type === 'doc' && d.version === 1 && Array.isArray(d.content);
};

/** Jira Cloud REST v3: search/jql, create issue, comment, transitions. Basic auth with email:token. */
export function fakeJira(project: string, email: string, token: string): Promise<FakeTracker> {
  const expected = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  const transitions = [
    { id: '11', name: 'To Do', to: { statusCategory: { key: 'new' } } },
    { id: '31', name: 'Done', to: { statusCategory: { key: 'done' } } },
  ];
  const view = (i: Issue) => ({
    id: i.id.split('-')[1],
    key: i.id,
    fields: { status: { statusCategory: { key: i.state === 'closed' ? 'done' : 'new' } } },
  });
  return serve(
    (req) => req.headers.authorization === expected,
    (req, path, _q, body, res, t) => {
      const b = (body ?? {}) as Record<string, any>;
      const bad = (why: string) => {
        t.violations.push(`${req.method} ${path}: ${why}`);
        send(res, 400, { errorMessages: [why] });
      };
      if (req.method === 'POST' && path === '/rest/api/3/search/jql') {
        if (typeof b.jql !== 'string') return bad('jql must be a string');
        const label = /labels = "([^"]+)"/.exec(b.jql)?.[1];
        if (!b.jql.includes(`project = "${project}"`) || !label) return bad(`unexpected JQL ${b.jql}`);
        const hits = t.issues.filter((i) => i.labels.includes(label)).slice(0, b.maxResults ?? 50);
        return send(res, 200, { issues: hits.map(view), isLast: true });
      }
      if (req.method === 'POST' && path === '/rest/api/3/issue') {
        const f = b.fields ?? {};
        if (f.project?.key !== project) return bad('fields.project.key');
        if (typeof f.issuetype?.name !== 'string') return bad('fields.issuetype.name');
        if (typeof f.summary !== 'string' || !f.summary || f.summary.length > 255) return bad('fields.summary');
        if (!isAdf(f.description)) return bad('fields.description must be an ADF document');
        if (!Array.isArray(f.labels) || f.labels.some((l: unknown) => typeof l !== 'string' || /\s/.test(l as string)))
          return bad('fields.labels');
        const key = `${project}-${t.issues.length + 1}`;
        t.issues.push({ id: key, title: f.summary, body: JSON.stringify(f.description), labels: f.labels, state: 'open', comments: [] });
        t.onCreate?.();
        return send(res, 201, { id: String(t.issues.length), key, self: `${t.url}/rest/api/3/issue/${key}` });
      }
      const m = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/(comment|transitions)$/.exec(path);
      const issue = m ? t.issues.find((i) => i.id === m[1]) : undefined;
      if (m && !issue) return send(res, 404, { errorMessages: ['Issue does not exist'] });
      if (m && m[2] === 'comment' && req.method === 'POST') {
        if (!isAdf(b.body)) return bad('comment body must be an ADF document');
        issue!.comments.push(JSON.stringify(b.body));
        return send(res, 201, { id: String(issue!.comments.length) });
      }
      if (m && m[2] === 'transitions' && req.method === 'GET') return send(res, 200, { transitions });
      if (m && m[2] === 'transitions' && req.method === 'POST') {
        const to = transitions.find((x) => x.id === b.transition?.id);
        if (!to) return bad('transition.id');
        issue!.state = to.to.statusCategory.key === 'done' ? 'closed' : 'open';
        return send(res, 204);
      }
      return send(res, 404, { errorMessages: [`no route ${req.method} ${path}`] });
    },
    (res) => send(res, 429, { errorMessages: ['Rate limit exceeded'] }, { 'retry-after': '1' }),
  );
}

/** GitHub REST: list issues by label, create, comment, update state. Token auth. */
export function fakeGitHub(repo: string, token: string): Promise<FakeTracker> {
  const view = (t: FakeTracker, i: Issue) => ({
    number: Number(i.id),
    html_url: `${t.url}/${repo}/issues/${i.id}`,
    state: i.state,
    title: i.title,
    body: i.body,
    labels: i.labels.map((name) => ({ name })),
  });
  return serve(
    (req) => req.headers.authorization === `token ${token}` || req.headers.authorization === `Bearer ${token}`,
    (req, path, q, body, res, t) => {
      const b = (body ?? {}) as Record<string, any>;
      const bad = (why: string) => {
        t.violations.push(`${req.method} ${path}: ${why}`);
        send(res, 422, { message: 'Validation Failed', errors: [{ message: why }] });
      };
      if (!path.startsWith(`/repos/${repo}/issues`)) return send(res, 404, { message: 'Not Found' });
      const rest = path.slice(`/repos/${repo}/issues`.length);
      if (req.method === 'GET' && rest === '') {
        const labels = (q.get('labels') ?? '').split(',').filter(Boolean);
        const state = q.get('state') ?? 'open';
        const hits = t.issues.filter((i) => labels.every((l) => i.labels.includes(l)) && (state === 'all' || i.state === state));
        return send(
          res,
          200,
          hits.slice(0, Number(q.get('per_page') ?? 30)).map((i) => view(t, i)),
        );
      }
      if (req.method === 'POST' && rest === '') {
        if (typeof b.title !== 'string' || !b.title) return bad('title is required');
        if (b.body !== undefined && typeof b.body !== 'string') return bad('body must be a string');
        if (b.labels !== undefined && (!Array.isArray(b.labels) || b.labels.some((l: unknown) => typeof l !== 'string')))
          return bad('labels must be strings');
        const issue: Issue = {
          id: String(t.issues.length + 1),
          title: b.title,
          body: b.body ?? '',
          labels: b.labels ?? [],
          state: 'open',
          comments: [],
        };
        t.issues.push(issue);
        t.onCreate?.();
        return send(res, 201, view(t, issue));
      }
      const m = /^\/(\d+)(\/comments)?$/.exec(rest);
      const issue = m ? t.issues.find((i) => i.id === m[1]) : undefined;
      if (!issue) return send(res, 404, { message: 'Not Found' });
      if (req.method === 'POST' && m![2]) {
        if (typeof b.body !== 'string' || !b.body) return bad('body is required');
        issue.comments.push(b.body);
        return send(res, 201, { id: issue.comments.length, body: b.body });
      }
      if (req.method === 'PATCH' && !m![2]) {
        if (b.state !== undefined && !['open', 'closed'].includes(b.state)) return bad('state');
        if (b.state_reason !== undefined && !['completed', 'not_planned', 'reopened', null].includes(b.state_reason))
          return bad('state_reason');
        if (b.state) issue.state = b.state;
        return send(res, 200, view(t, issue));
      }
      return send(res, 404, { message: 'Not Found' });
    },
    (res) =>
      send(
        res,
        429,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '1' },
      ),
  );
}

/** A webhook receiver that checks the HMAC signature and deduplicates creates on Idempotency-Key. */
export function fakeWebhook(secret: string): Promise<FakeTracker & { events: { event: string; idempotencyKey: string }[] }> {
  const events: { event: string; idempotencyKey: string }[] = [];
  const seen = new Map<string, Issue>();
  return serve(
    () => true,
    (req, path, _q, body, res, t) => {
      const b = body as Record<string, any>;
      const ts = String(req.headers['x-incloud-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', secret)
        .update(`${ts}.${JSON.stringify(b)}`)
        .digest('hex')}`;
      if (req.headers['x-incloud-signature'] !== expected) {
        t.violations.push('bad signature');
        return send(res, 401, { error: 'bad signature' });
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      events.push({ event: b.event, idempotencyKey: key });
      if (b.event === 'create') {
        let issue = seen.get(key);
        if (!issue) {
          issue = { id: `INC${t.issues.length + 1}`, title: b.title, body: b.description, labels: [b.marker], state: 'open', comments: [] };
          t.issues.push(issue);
          seen.set(key, issue);
        }
        return send(res, 200, { id: issue.id, url: `${t.url}/tickets/${issue.id}` });
      }
      const issue = t.issues.find((i) => i.id === b.ticketId);
      if (!issue) return send(res, 404, { error: 'unknown ticket' });
      if (b.event === 'comment') issue.comments.push(b.comment);
      if (b.event === 'close') issue.state = 'closed';
      if (b.event === 'reopen') issue.state = 'open';
      return send(res, 200, {});
    },
    (res) => send(res, 429, { error: 'slow down' }, { 'retry-after': '1' }),
  ).then((t) => Object.assign(t, { events }));
}
