// The organization's open findings on disk while accounts arrive: each finding is appended to a
// temporary file as one JSON line, and only a small entry (what ranks it, what the summaries
// count, where its line is) stays in memory. The report lists a few hundred findings and the
// JSON file streams the rest back in rank order, so the coordinator's memory grows with the
// number of findings by tens of bytes each, not by the findings themselves.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITIES, type Severity } from '../model/findings.js';
import type { OrgFinding } from '../model/org-report.js';

/** What the organization ranks and counts a finding by, without the finding. */
export interface RankedEntry {
  score: number;
  severity: Severity;
  accountId: string;
  fingerprint: string;
  checkId: string;
  change?: 'new' | 'reopened';
  overdue?: boolean;
  partOf?: string[];
  /** Its rank across the organization, once the report is built. */
  priority?: number;
  /** Held in memory (paths and the findings they link); otherwise where its line is. */
  held?: OrgFinding;
  at?: { offset: number; length: number };
}

export function entryOf(f: OrgFinding): RankedEntry {
  const change = f.history?.reopened ? 'reopened' : f.history?.new ? 'new' : undefined;
  return {
    score: f.score,
    severity: f.severity,
    accountId: f.accountId,
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    ...(change ? { change } : {}),
    ...(f.history?.sla.state === 'overdue' ? { overdue: true } : {}),
    ...(f.partOf?.length ? { partOf: f.partOf } : {}),
  };
}

/** The organization's rank order: distinct problems and chains first, then their hops. */
export function byRank(a: RankedEntry, b: RankedEntry): number {
  return (
    Number(Boolean(a.partOf?.length)) - Number(Boolean(b.partOf?.length)) ||
    b.score - a.score ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.accountId.localeCompare(b.accountId) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

export class FindingSpill {
  private dir?: string;
  private fd?: number;
  private size = 0;

  /** Appends a finding; its entry says where it is. */
  put(f: OrgFinding): RankedEntry {
    if (this.fd === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'incloud-org-findings-'));
      this.fd = openSync(join(this.dir, 'findings.jsonl'), 'w+', 0o600);
    }
    const line = Buffer.from(`${JSON.stringify(f)}\n`);
    writeSync(this.fd, line, 0, line.length, this.size);
    const entry = { ...entryOf(f), at: { offset: this.size, length: line.length - 1 } };
    this.size += line.length;
    return entry;
  }

  /** The finding behind an entry, with its organization rank and chains. */
  read(e: RankedEntry): OrgFinding {
    const f = e.held ?? this.load(e);
    return { ...f, priority: e.priority ?? 0, ...(e.partOf?.length ? { partOf: e.partOf } : {}) };
  }

  private load(e: RankedEntry): OrgFinding {
    if (this.fd === undefined || !e.at) throw new Error(`finding ${e.fingerprint} was neither held nor spilled`);
    const buf = Buffer.alloc(e.at.length);
    readSync(this.fd, buf, 0, e.at.length, e.at.offset);
    return JSON.parse(buf.toString('utf8')) as OrgFinding;
  }

  /** Deletes the file; nothing can be read after. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
  }
}
