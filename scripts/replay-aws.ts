// A stand-in for AWS that answers from recorded responses, for benchmarks where the emulator
// must not be the bottleneck. Record once: a proxy in front of moto keeps every answer a scan
// got, keyed by the account that asked (told by its access key), the Region, and the request
// itself. Replay: a server answers those requests for an organization of any size, each member
// a copy of one recorded member with its account id rewritten in requests and answers; it
// issues its own AssumeRole credentials (the access key names the account) and lists the
// organization's members (and the policy targets among them) for the copies. Nearly no CPU.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { errorBody, forward, identify } from './fault-proxy.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Recording {
  managementAccountId: string;
  /** Recorded member accounts, in the order copies are made of them. */
  members: string[];
  answers: Record<string, Answer>;
}

const DROPPED_HEADERS = new Set(['date', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'server']);
const accessKeyOf = (req: IncomingMessage) => /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
const regionOf = (req: IncomingMessage) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';

/** The request's identity, independent of signing, time and parameter order. */
function requestKey(account: string, req: IncomingMessage, body: string, path = req.url ?? '/'): string {
  const url = new URL(path, 'http://x');
  const query = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b));
  const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const canonicalBody = form ? new URLSearchParams([...new URLSearchParams(body)].sort(([a], [b]) => a.localeCompare(b))).toString() : body;
  const target = String(req.headers['x-amz-target'] ?? '');
  return [account, regionOf(req), req.method, url.pathname, new URLSearchParams(query).toString(), target, canonicalBody].join('|');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface Recorder {
  url: string;
  recording(): Recording;
  close(): Promise<void>;
}

/**
 * Records every answer from upstream. Requests signed with a key that no AssumeRole issued are
 * the scanner's own, in the management account.
 */
export async function startRecorder(upstream: string, managementAccountId: string): Promise<Recorder> {
  const target = new URL(upstream);
  const accountOfKey = new Map<string, string>();
  const members = new Set<string>();
  const answers: Record<string, Answer> = {};
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const text = body.toString('utf8');
      try {
        const up = await forward(target, req, body);
        const answer = up.body.toString('utf8');
        const id = identify(req.method ?? 'GET', req.url ?? '/', req.headers, text);
        if (id.operation === 'AssumeRole' && up.status === 200) {
          const account = /RoleArn=arn%3Aaws%3Aiam%3A%3A(\d{12})/.exec(text)?.[1];
          const key = /<AccessKeyId>([^<]+)</.exec(answer)?.[1];
          if (account && key) {
            accountOfKey.set(key, account);
            members.add(account);
          }
        } else {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(up.headers)) if (!DROPPED_HEADERS.has(k) && typeof v === 'string') headers[k] = v;
          const account = accountOfKey.get(accessKeyOf(req)) ?? managementAccountId;
          answers[requestKey(account, req, text)] = { status: up.status, headers, body: answer };
        }
        const headers = { ...up.headers, 'content-length': String(up.body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(up.status, headers);
        res.end(up.body);
      } catch {
        req.socket.destroy();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    recording: () => ({ managementAccountId, members: [...members].sort(), answers }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Member i of the replayed organization: its account id and the recorded member it copies. */
export const replayMemberId = (i: number): string => `9${String(i).padStart(11, '0')}`;
const ACCESS_KEY_SUFFIX = 'RPLY';
const accessKeyFor = (account: string) => `ASIA${account}${ACCESS_KEY_SUFFIX}`;

export interface Replay {
  url: string;
  /** Replayed members by id, with the recorded member each one copies. */
  members: { id: string; copyOf: string }[];
  stats: { served: number; misses: number; missed: string[] };
  close(): Promise<void>;
}

/** Lists that name member accounts: each recorded member is listed as all of its copies. */
const MEMBER_LISTS: Record<string, [field: string, idField: string]> = {
  ListAccounts: ['Accounts', 'Id'],
  ListAccountsForParent: ['Accounts', 'Id'],
  ListTargetsForPolicy: ['Targets', 'TargetId'],
};

function assumeRoleAnswer(account: string, roleArn: string): string {
  const session = `${roleArn.split('/').pop()}/replay`;
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROAREPLAY:replay</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${session}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyFor(account)}</AccessKeyId><SecretAccessKey>replay</SecretAccessKey><SessionToken>replay</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>replay</RequestId></ResponseMetadata></AssumeRoleResponse>`;
}

/** Serves `recording` as an organization of `memberCount` members, copies of the recorded ones in turn (0: the one account recorded). */
export async function startReplay(recording: Recording, memberCount: number): Promise<Replay> {
  if (memberCount > 0 && !recording.members.length) throw new Error('the recording has no member accounts to copy');
  const members = Array.from({ length: memberCount }, (_, i) => ({
    id: replayMemberId(i),
    copyOf: recording.members[i % recording.members.length]!,
  }));
  const copiesOf = new Map<string, string[]>();
  for (const m of members) copiesOf.set(m.copyOf, [...(copiesOf.get(m.copyOf) ?? []), m.id]);
  const recordedOf = new Map(members.map((m) => [m.id, m.copyOf]));
  const stats: Replay['stats'] = { served: 0, misses: 0, missed: [] };

  const expandMembers = (operation: string, body: string): string => {
    const [field, idField] = MEMBER_LISTS[operation]!;
    const doc = JSON.parse(body) as Record<string, Record<string, unknown>[]>;
    doc[field] = (doc[field] ?? []).flatMap((entry) => {
      const recorded = String(entry[idField]);
      const copies = copiesOf.get(recorded);
      if (!copies) return recording.members.includes(recorded) ? [] : [entry];
      return copies.map((id, n) => {
        const copy = JSON.parse(JSON.stringify(entry).replaceAll(recorded, id)) as Record<string, unknown>;
        if (typeof copy.Name === 'string') copy.Name = `${copy.Name}-${n + 1}`;
        return copy;
      });
    });
    return JSON.stringify(doc);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = (await readBody(req)).toString('utf8');
      const id = identify(req.method ?? 'GET', req.url ?? '/', req.headers, text);
      const key = accessKeyOf(req);
      const account = key.startsWith('ASIA') && key.endsWith(ACCESS_KEY_SUFFIX) ? key.slice(4, 16) : recording.managementAccountId;
      if (id.operation === 'AssumeRole') {
        const roleArn = new URLSearchParams(text).get('RoleArn') ?? '';
        const target = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
        stats.served++;
        if (target && (recordedOf.has(target) || target === recording.managementAccountId)) {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(assumeRoleAnswer(target, roleArn));
        } else {
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(errorBody('sts', 'AccessDenied', `replay: no account ${target ?? roleArn}`));
        }
        return;
      }
      const recorded = recordedOf.get(account) ?? account;
      const rewrite = (s: string) => (recorded === account ? s : s.replaceAll(account, recorded));
      const answer = recording.answers[requestKey(recorded, req, rewrite(text), rewrite(req.url ?? '/'))];
      if (!answer) {
        stats.misses++;
        if (stats.missed.length < 20) stats.missed.push(`${account} ${id.service} ${id.operation} ${req.url}`);
        const json = Boolean(req.headers['x-amz-target']);
        res.writeHead(400, { 'content-type': json ? 'application/x-amz-json-1.1' : 'text/xml' });
        res.end(
          json ? JSON.stringify({ __type: 'ReplayMiss', message: 'not recorded' }) : errorBody(id.service, 'ReplayMiss', 'not recorded'),
        );
        return;
      }
      stats.served++;
      let body = recorded === account ? answer.body : answer.body.replaceAll(recorded, account);
      if (account === recording.managementAccountId && MEMBER_LISTS[id.operation] && answer.status === 200)
        body = expandMembers(id.operation, body);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    members,
    stats,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
