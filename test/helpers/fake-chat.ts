// Local stand-ins for Slack and Microsoft Teams incoming webhooks: the secret is the URL's path;
// each checks its service's documented limits (Slack: at most 50 blocks, a header of at most 150
// characters, section text of at most 3,000; Teams Workflows: a message with one Adaptive Card
// attachment, payload under 28 KB) and can answer 429 or fail like the ticket stand-ins.

import { send, serve, type FakeTracker } from './fake-trackers.js';

export interface FakeChat extends FakeTracker {
  /** The webhook URL, secret path included. */
  hook: string;
  messages: unknown[];
}

export async function fakeChat(service: 'slack' | 'teams', secret: string): Promise<FakeChat> {
  const path = service === 'slack' ? `/services/T000/B000/${secret}` : `/workflows/${secret}/triggers/manual/run`;
  const messages: unknown[] = [];
  const tracker = (await serve(
    () => true,
    (req, p, _q, body, res, t) => {
      const bad = (why: string) => {
        t.violations.push(why);
        send(res, 400, { error: why });
      };
      if (req.method !== 'POST' || p !== path) return send(res, 404, { error: 'no_service' });
      const b = body as Record<string, any>;
      if (service === 'slack') {
        if (typeof b?.text !== 'string' || !Array.isArray(b.blocks)) return bad('text and blocks required');
        if (b.blocks.length > 50) return bad('more than 50 blocks');
        for (const block of b.blocks) {
          if (block.type === 'header' && (block.text?.type !== 'plain_text' || block.text.text.length > 150)) return bad('header');
          if (block.type === 'section' && (typeof block.text?.text !== 'string' || block.text.text.length > 3000))
            return bad('section text');
        }
      } else {
        const card = b?.attachments?.[0];
        if (b?.type !== 'message' || card?.contentType !== 'application/vnd.microsoft.card.adaptive')
          return bad('one Adaptive Card attachment');
        if (card.content?.type !== 'AdaptiveCard' || !Array.isArray(card.content.body)) return bad('AdaptiveCard body');
        if (Buffer.byteLength(JSON.stringify(b)) > 28 * 1024) return bad('payload over 28 KB');
      }
      messages.push(b);
      res.writeHead(service === 'slack' ? 200 : 202, { 'content-type': 'text/plain' });
      res.end(service === 'slack' ? 'ok' : '');
    },
    (res) => send(res, 429, { error: 'rate_limited' }, { 'retry-after': '1' }),
  )) as FakeChat;
  tracker.hook = `${tracker.url}${path}`;
  tracker.messages = messages;
  return tracker;
}
