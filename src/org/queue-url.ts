// The --queue URL: checked before any connection, and shown without its credentials.

import { redactConnectionString } from '../util/redact.js';

export class QueueError extends Error {}

/** The queue URL as it may be shown: without user name or any credential. */
export function redactUrl(url: string): string {
  return redactConnectionString(url, { user: false });
}

export function parseQueueUrl(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new QueueError(`--queue ${v}: not a URL (use redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueError(`--queue ${redactUrl(v)}: use a redis:// or rediss:// URL`);
  return v;
}
