import { describe, expect, it } from 'vitest';
import type { LifecycleRow } from '../../src/engine/lifecycle.js';
import { markerOf, planSync, type StoredFinding, type TrackedTicket } from '../../src/tickets/plan.js';
import { signature } from '../../src/tickets/webhook.js';
import { ticketBody } from '../../src/tickets/sync.js';
import { witnessText } from '../../src/model/witness.js';

const row = (fp: string, over: Partial<LifecycleRow> = {}): StoredFinding => ({
  fingerprint: fp,
  checkId: 'ec2.a',
  title: 'Open SSH',
  resourceArn: `arn:aws:ec2:us-east-1:111122223333:security-group/${fp}`,
  resourceName: fp,
  region: 'us-east-1',
  severity: 'high',
  duties: ['network'],
  status: 'open',
  firstSeen: '2026-11-01T00:00:00.000Z',
  openSince: '2026-11-01T00:00:00.000Z',
  lastSeen: '2026-11-01T00:00:00.000Z',
  resolvedAt: null,
  unverifiedSince: null,
  reopenCount: 0,
  evidenceHash: 'e1',
  witness: null,
  accountId: '111122223333',
  ...over,
});

const ticketFor = (key: string, fps: string[], over: Partial<TrackedTicket> = {}): TrackedTicket => ({
  key,
  accountId: '111122223333',
  ticketId: 'T-1',
  state: 'open',
  syncedHash: 'stale',
  fingerprints: fps,
  ...over,
});

describe('ticket sync plan', () => {
  it('creates per finding with a stable marker, and per check and account when grouped', () => {
    const open = [row('a'), row('b'), row('c', { checkId: 'ec2.b' })];
    const byFinding = planSync(open, [], new Map(), 'finding');
    expect(byFinding.map((a) => a.kind)).toEqual(['create', 'create', 'create']);
    const first = byFinding[0]!;
    expect(first.kind === 'create' && first.draft.marker).toBe(markerOf('a'));
    expect(markerOf('a')).toMatch(/^incloud-[0-9a-f]{16}$/);
    const grouped = planSync(open, [], new Map(), 'check');
    expect(grouped.map((a) => (a.kind === 'create' ? [a.draft.key, a.draft.findings.length] : []))).toEqual([
      ['111122223333/ec2.a', 2],
      ['111122223333/ec2.b', 1],
    ]);
  });

  it('an unchanged ticket needs nothing; a changed one a comment; a closed one with its finding back is reopened', () => {
    const [created] = planSync([row('a')], [], new Map(), 'finding');
    const hash = created!.kind === 'create' ? created!.draft.hash : '';
    expect(planSync([row('a')], [ticketFor('a', ['a'], { syncedHash: hash })], new Map(), 'finding')).toEqual([]);
    const changed = planSync([row('a', { evidenceHash: 'e2' })], [ticketFor('a', ['a'], { syncedHash: hash })], new Map(), 'finding');
    expect(changed.map((a) => a.kind)).toEqual(['update']);
    const reopen = planSync([row('a')], [ticketFor('a', ['a'], { state: 'closed', syncedHash: hash })], new Map(), 'finding');
    expect(reopen.map((a) => a.kind)).toEqual(['reopen']);
  });

  it('closes only when every finding of the ticket is resolved; unknown or missing ones keep it open', () => {
    const t = ticketFor('111122223333/ec2.a', ['a', 'b']);
    const resolved = (fp: string) => row(fp, { status: 'resolved', resolvedAt: '2026-11-02T00:00:00.000Z' });
    const plan = (...members: StoredFinding[]) =>
      planSync([], [t], new Map(members.map((m) => [m.fingerprint, m])), 'check').map((a) => a.kind);
    expect(plan(resolved('a'), resolved('b'))).toEqual(['close']);
    expect(plan(resolved('a'), row('b', { status: 'unknown' }))).toEqual([]);
    expect(plan(resolved('a'))).toEqual([]);
    expect(plan(resolved('a'), row('b', { status: 'suppressed' }))).toEqual([]);
  });

  it('the webhook signature is HMAC-SHA256 over timestamp "." body (value computed with openssl)', () => {
    expect(signature('s3cret', '1700000000', '{"event":"create"}')).toBe(
      'sha256=bf46a7ecd32f3a6eaa854d46bba5cabfe268251a148d05bcbd7f33a98983f785',
    );
  });
});

describe('attack-chain tickets', () => {
  it('carry the hop list a reviewer can check by hand; other findings carry none', () => {
    const hops = [
      {
        from: 'Internet',
        to: 'web-1 i-0abc at 198.51.100.7',
        action: 'connect on tcp/22',
        allowedBy: ['security group ssh-world (sg-1) allows it from the whole Internet'],
      },
      {
        from: 'i-0abc',
        to: 'app-reader',
        action: 'take the role credentials from IMDS',
        allowedBy: ['instance profile arn:aws:iam::111122223333:instance-profile/app-reader'],
      },
      {
        from: 'app-reader',
        to: 'bucket customer-data',
        action: 'read [s3:GetObject]',
        allowedBy: ['read: app-reader:inline/p, statement 0'],
      },
    ];
    const witness = witnessText({ hops });
    expect(witness).toBe(
      [
        'Internet → web-1 i-0abc at 198.51.100.7 → app-reader → bucket customer-data',
        '1. Internet → web-1 i-0abc at 198.51.100.7: connect on tcp/22',
        '   allowed by security group ssh-world (sg-1) allows it from the whole Internet',
        '2. i-0abc → app-reader: take the role credentials from IMDS',
        '   allowed by instance profile arn:aws:iam::111122223333:instance-profile/app-reader',
        '3. app-reader → bucket customer-data: read [s3:GetObject]',
        '   allowed by read: app-reader:inline/p, statement 0',
      ].join('\n'),
    );
    expect(witnessText({ hops: [{ from: 'x' }] })).toBeNull(); // malformed: no witness rather than a broken one
    const [create] = planSync([row('chain', { witness })], [], new Map(), 'finding');
    expect(create!.kind).toBe('create');
    const body = ticketBody((create as { draft: Parameters<typeof ticketBody>[0] }).draft);
    expect(body).toContain(`Attack path (chain), each hop with what allows it:\n${witness}`);
    const [plain] = planSync([row('plain')], [], new Map(), 'finding');
    expect(ticketBody((plain as { draft: Parameters<typeof ticketBody>[0] }).draft)).not.toContain('Attack path');
  });
});
