// ServiceNow, through the Table API (/api/now/table/{table}; `incident` by default, or e.g.
// `sn_si_incident` for Security Incident Response). The marker goes into a field of the record
// (`correlation_id` by default), so after a crash between create and record the sync finds and
// adopts the record instead of making a second one. Tickets are named by their number
// (INC0010001); the record's sys_id is looked up by it when a call needs it. Close and reopen
// set configurable state values (the incident defaults: 6 Resolved, 2 In Progress).

import { requestJson, type HttpOptions } from './http.js';
import type { TicketDraft } from './plan.js';
import { fromEnv, TicketConfigError, type TicketRef, type TicketTarget } from './target.js';

interface SnRecord {
  sys_id: string;
  number: string;
  state?: string;
}

export interface ServiceNowSettings {
  base: string;
  table: string;
  markerField: string;
  closeState: string;
  reopenState: string;
  /** States that count as closed when a ticket is found (the close state, Closed 7, Canceled 8). */
  closedStates: string[];
}

const URGENCY: Record<TicketDraft['severity'], string> = { critical: '1', high: '1', medium: '2', low: '3', info: '3' };

/** The non-secret settings, from the environment (a dry run needs only these). */
export function serviceNowSettings(table = 'incident', env = process.env): ServiceNowSettings {
  const base = fromEnv('SERVICENOW_INSTANCE_URL', env).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base))
    throw new TicketConfigError('SERVICENOW_INSTANCE_URL must be an http(s) URL, e.g. https://example.service-now.com');
  if (!/^[a-z0-9_]+$/.test(table)) throw new TicketConfigError(`--servicenow-table: "${table}" is not a table name (letters, digits, _)`);
  const closeState = env.SERVICENOW_CLOSE_STATE ?? '6';
  return {
    base,
    table,
    markerField: env.SERVICENOW_MARKER_FIELD ?? 'correlation_id',
    closeState,
    reopenState: env.SERVICENOW_REOPEN_STATE ?? '2',
    closedStates: [...new Set([closeState, '7', '8'])],
  };
}

export const serviceNowTargetId = (s: ServiceNowSettings): string => `servicenow:${s.base}/${s.table}`;

/** Basic (SERVICENOW_USER and SERVICENOW_PASSWORD) or OAuth (SERVICENOW_TOKEN) credentials. */
function authorization(env: NodeJS.ProcessEnv): string {
  if (env.SERVICENOW_TOKEN) return `Bearer ${env.SERVICENOW_TOKEN}`;
  if (env.SERVICENOW_USER || env.SERVICENOW_PASSWORD)
    return `Basic ${Buffer.from(`${fromEnv('SERVICENOW_USER', env)}:${fromEnv('SERVICENOW_PASSWORD', env)}`).toString('base64')}`;
  throw new TicketConfigError('set SERVICENOW_TOKEN (OAuth), or SERVICENOW_USER and SERVICENOW_PASSWORD, in the environment');
}

export class ServiceNowTarget implements TicketTarget {
  readonly id: string;
  private readonly auth: string;
  private readonly sysIds = new Map<string, string>();

  constructor(
    private readonly s: ServiceNowSettings,
    private readonly http: HttpOptions = {},
    env = process.env,
  ) {
    this.auth = authorization(env);
    this.id = serviceNowTargetId(s);
  }

  private call<T>(method: string, path: string, body?: unknown, safeToRepeat = true): Promise<T> {
    return requestJson<T>(method, `${this.s.base}/api/now/table/${this.s.table}${path}`, { authorization: this.auth }, body, {
      ...this.http,
      safeToRepeat,
    });
  }

  private refOf(r: SnRecord): TicketRef {
    this.sysIds.set(r.number, r.sys_id);
    const url = `${this.s.base}/nav_to.do?uri=${encodeURIComponent(`${this.s.table}.do?sys_id=${r.sys_id}`)}`;
    return { id: r.number, url, state: this.s.closedStates.includes(String(r.state ?? '')) ? 'closed' : 'open' };
  }

  private async query(query: string): Promise<SnRecord | undefined> {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: 'sys_id,number,state', sysparm_limit: '1' });
    const out = await this.call<{ result?: SnRecord[] }>('GET', `?${params}`);
    return out.result?.[0];
  }

  private async sysIdOf(number: string): Promise<string> {
    const known = this.sysIds.get(number);
    if (known) return known;
    const r = await this.query(`number=${number}`);
    if (!r) throw new Error(`ServiceNow ${this.s.table} ${number} not found`);
    this.refOf(r);
    return r.sys_id;
  }

  async find(marker: string): Promise<TicketRef | undefined> {
    const r = await this.query(`${this.s.markerField}=${marker}^ORDERBYsys_created_on`);
    return r ? this.refOf(r) : undefined;
  }

  async create(draft: TicketDraft, body: string): Promise<TicketRef> {
    const out = await this.call<{ result: SnRecord }>(
      'POST',
      '',
      {
        short_description: draft.title.slice(0, 160),
        description: body,
        [this.s.markerField]: draft.marker,
        urgency: URGENCY[draft.severity],
        impact: URGENCY[draft.severity],
        category: 'security',
      },
      false,
    );
    return this.refOf(out.result);
  }

  private async patch(number: string, fields: Record<string, string>): Promise<void> {
    await this.call('PATCH', `/${await this.sysIdOf(number)}`, fields);
  }

  async comment(ticketId: string, body: string): Promise<void> {
    await this.patch(ticketId, { work_notes: body });
  }

  async close(ticketId: string, body: string): Promise<void> {
    await this.patch(ticketId, { state: this.s.closeState, close_code: 'Resolved by change', close_notes: body, work_notes: body });
  }

  async reopen(ticketId: string, body: string): Promise<void> {
    await this.patch(ticketId, { state: this.s.reopenState, work_notes: body });
  }
}
