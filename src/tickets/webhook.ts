// A generic webhook for ServiceNow/PagerDuty-style receivers: one signed JSON POST per event.
// X-Incloud-Signature is "sha256=" + HMAC-SHA256(secret, timestamp + "." + body), and
// X-Incloud-Timestamp carries the timestamp, so a receiver can refuse replays. A webhook cannot
// be searched, so the create event carries an Idempotency-Key (the marker): a receiver that
// deduplicates on it stays exactly-once even if incloud dies between sending and recording.

import { createHmac } from 'node:crypto';
import { requestJson, type HttpOptions } from './http.js';
import type { TicketDraft } from './plan.js';
import { fromEnv, type TicketRef, type TicketTarget } from './target.js';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The target's id: the URL without query or credentials (a dry run needs no secret). */
export function webhookTargetId(url: string | undefined, env = process.env): string {
  const u = new URL(url ?? fromEnv('INCLOUD_WEBHOOK_URL', env));
  return `webhook:${u.origin}${u.pathname}`;
}

export class WebhookTarget implements TicketTarget {
  readonly id: string;
  private readonly url: string;
  private readonly secret: string;

  constructor(
    url: string | undefined,
    private readonly http: HttpOptions = {},
    env = process.env,
  ) {
    this.url = url ?? fromEnv('INCLOUD_WEBHOOK_URL', env);
    this.secret = fromEnv('INCLOUD_WEBHOOK_SECRET', env);
    this.id = webhookTargetId(this.url, env);
  }

  private async send<T>(event: string, idempotencyKey: string, payload: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ event, ...payload });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return requestJson<T>(
      'POST',
      this.url,
      {
        'x-incloud-event': event,
        'x-incloud-timestamp': timestamp,
        'x-incloud-signature': signature(this.secret, timestamp, body),
        'idempotency-key': idempotencyKey,
      },
      body,
      this.http,
    );
  }

  async find(): Promise<TicketRef | undefined> {
    return undefined;
  }

  async create(draft: TicketDraft, body: string): Promise<TicketRef> {
    const out = await this.send<{ id?: string; url?: string } | undefined>('create', `${draft.marker}:create`, {
      marker: draft.marker,
      key: draft.key,
      title: draft.title,
      severity: draft.severity,
      accountId: draft.accountId,
      description: body,
      findings: draft.findings.map((f) => ({
        fingerprint: f.fingerprint,
        checkId: f.checkId,
        resourceArn: f.resourceArn,
        severity: f.severity,
      })),
    });
    return { id: out?.id ?? draft.marker, ...(out?.url ? { url: out.url } : {}), state: 'open' };
  }

  async comment(ticketId: string, body: string): Promise<void> {
    await this.send('comment', `${ticketId}:comment:${Date.now()}`, { ticketId, comment: body });
  }

  async close(ticketId: string, body: string): Promise<void> {
    await this.send('close', `${ticketId}:close`, { ticketId, comment: body });
  }

  async reopen(ticketId: string, body: string): Promise<void> {
    await this.send('reopen', `${ticketId}:reopen:${Date.now()}`, { ticketId, comment: body });
  }
}
