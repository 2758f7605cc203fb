// Posting a chat summary (--notify): Slack and Microsoft Teams incoming webhooks, whose URLs are
// secrets and come from the environment only. A webhook message is not idempotent, so a post
// is repeated only when the service surely did not take it (429, 503, connection refused).

import { oneLine } from '../util/terminal-text.js';
import { requestText, type HttpOptions } from './http.js';

export const CHAT_SERVICES = ['slack', 'teams'] as const;
export type ChatService = (typeof CHAT_SERVICES)[number];

export const CHAT_WEBHOOK_ENV: Record<ChatService, string> = {
  slack: 'INCLOUD_SLACK_WEBHOOK_URL',
  teams: 'INCLOUD_TEAMS_WEBHOOK_URL',
};

/** What is wrong with the chat settings, checked before any AWS call; undefined when fine. */
export function chatSettingsProblem(services: ChatService[], env = process.env): string | undefined {
  for (const service of services) {
    const name = CHAT_WEBHOOK_ENV[service];
    const url = env[name];
    if (!url) return `--notify ${service}: set ${name} in the environment`;
    try {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
    } catch {
      return `--notify ${service}: ${name} is not an http(s) URL`;
    }
  }
  return undefined;
}

/** Posts one message; throws a one-line error that never holds the webhook URL. */
export async function postChat(service: ChatService, message: unknown, o: HttpOptions = {}, env = process.env): Promise<void> {
  const url = env[CHAT_WEBHOOK_ENV[service]];
  if (!url) throw new Error(`set ${CHAT_WEBHOOK_ENV[service]} in the environment`);
  await requestText('POST', url, {}, message, { retries: 3, timeoutMs: 15_000, ...o, safeToRepeat: false, label: `${service} webhook` });
}

/** Posts one message to each service (`render` builds it per service); returns what failed, one line each. */
export async function postSummaries(
  services: ChatService[] | undefined,
  render: (service: ChatService) => unknown,
  log: (s: string) => void,
): Promise<string[]> {
  const failed: string[] = [];
  for (const service of services ?? []) {
    try {
      await postChat(service, render(service), { log });
      log(`posted the summary to ${service}`);
    } catch (err) {
      failed.push(`${service}: ${oneLine((err as Error).message)}`);
    }
  }
  return failed;
}
