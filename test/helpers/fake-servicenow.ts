// A local stand-in for ServiceNow's Table API (the documented subset incloud uses): query a
// table with sysparm_query / sysparm_fields / sysparm_limit, create a record, and PATCH one by
// sys_id. Basic or bearer credentials; errors in ServiceNow's {error: {message}} shape; the
// faults of the other stand-ins (429, 500, hangs, a crash between create and record).

import { randomUUID } from 'node:crypto';
import { send, serve, type FakeTracker, type Issue } from './fake-trackers.js';

export interface SnIssue extends Issue {
  sysId: string;
  stateValue: string;
  closeNotes?: string;
}

/** `auth`: the exact Authorization header expected (Basic ... or Bearer ...). */
export function fakeServiceNow(table: string, auth: string, markerField = 'correlation_id'): Promise<FakeTracker & { issues: SnIssue[] }> {
  const prefix = `/api/now/table/${table}`;
  const view = (i: SnIssue) => ({ sys_id: i.sysId, number: i.id, state: i.stateValue, [markerField]: i.labels[0] ?? '' });
  return serve(
    (req) => req.headers.authorization === auth,
    (req, path, query, body, res, t) => {
      const issues = t.issues as SnIssue[];
      const b = (body ?? {}) as Record<string, unknown>;
      const bad = (why: string) => {
        t.violations.push(`${req.method} ${path}: ${why}`);
        send(res, 400, { error: { message: why, detail: '' }, status: 'failure' });
      };
      if (req.method === 'GET' && path === prefix) {
        const q = query.get('sysparm_query') ?? '';
        const fields = (query.get('sysparm_fields') ?? '').split(',');
        if (!fields.includes('sys_id') || !fields.includes('number')) return bad('sysparm_fields must name sys_id and number');
        const [cond] = q.split('^');
        const [field, value] = (cond ?? '').split('=');
        if (!value || (field !== markerField && field !== 'number')) return bad(`unexpected sysparm_query ${q}`);
        const hits = issues.filter((i) => (field === 'number' ? i.id === value : i.labels[0] === value));
        return send(res, 200, { result: hits.slice(0, Number(query.get('sysparm_limit') ?? 10000)).map(view) });
      }
      if (req.method === 'POST' && path === prefix) {
        if (typeof b.short_description !== 'string' || !b.short_description || b.short_description.length > 160)
          return bad('short_description');
        if (typeof b.description !== 'string') return bad('description');
        if (typeof b[markerField] !== 'string' || !b[markerField]) return bad(markerField);
        if (!['1', '2', '3'].includes(String(b.urgency))) return bad('urgency must be 1, 2 or 3');
        const issue: SnIssue = {
          id: `INC${String(1000 + issues.length + 1).padStart(7, '0')}`,
          sysId: randomUUID().replace(/-/g, ''),
          title: b.short_description,
          body: b.description,
          labels: [b[markerField] as string],
          state: 'open',
          stateValue: '1',
          comments: [],
        };
        issues.push(issue);
        t.onCreate?.();
        return send(res, 201, { result: view(issue) });
      }
      const m = new RegExp(`^${prefix}/([0-9a-f]{32})$`).exec(path);
      if (m && req.method === 'PATCH') {
        const issue = issues.find((i) => i.sysId === m[1]);
        if (!issue) return send(res, 404, { error: { message: 'No Record found', detail: '' }, status: 'failure' });
        if (Object.values(b).some((v) => typeof v !== 'string')) return bad('field values must be strings');
        if (b.state === '6' && (!b.close_code || !b.close_notes)) return bad('resolving an incident needs close_code and close_notes');
        if (typeof b.work_notes === 'string') issue.comments.push(b.work_notes);
        if (typeof b.state === 'string') {
          issue.stateValue = b.state;
          issue.state = ['6', '7', '8'].includes(b.state) ? 'closed' : 'open';
        }
        if (typeof b.close_notes === 'string') issue.closeNotes = b.close_notes;
        return send(res, 200, { result: view(issue) });
      }
      return send(res, 400, { error: { message: `no route ${req.method} ${path}`, detail: '' }, status: 'failure' });
    },
    (res) => send(res, 429, { error: { message: 'Too many requests', detail: '' }, status: 'failure' }, { 'retry-after': '1' }),
  ) as Promise<FakeTracker & { issues: SnIssue[] }>;
}
