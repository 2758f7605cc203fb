// The history questions the scan store answers: the trend over an account's last scans, the
// scans grouped by organization scan, and mean time to remediate per duty.

import type { MttrRow, TrendPoint } from '../model/scan-history.js';
import type { Sql } from './database.js';

/** The last `last` scans of an account (or of every account), oldest first. */
export async function trendOf(db: Sql, accountId: string | undefined, last: number): Promise<TrendPoint[]> {
  const rows = await db.query<{ id: string; trend: Omit<TrendPoint, 'scanId'> }>(
    `select id, trend from (select id, trend, collected_at from scans where ($1::text is null or account_id = $1)
       order by collected_at desc, id desc limit $2) s order by collected_at, id`,
    [accountId ?? null, last],
  );
  return rows.map((r) => ({ ...r.trend, scanId: Number(r.id) }));
}

/**
 * The scans of the last `last` scan groups, oldest first: an organization scan's account scans
 * are one group (so a listing never cuts one in half), any other scan is a group of its own.
 */
export async function scanGroupsOf(db: Sql, accountId: string | undefined, last: number): Promise<TrendPoint[]> {
  const rows = await db.query<{ id: string; trend: Omit<TrendPoint, 'scanId'>; org_scan_id: string | null }>(
    `with s as (select id, trend, collected_at, org_scan_id, coalesce(org_scan_id, 'scan:' || id) as grp
                from scans where ($1::text is null or account_id = $1)),
          g as (select grp, min(collected_at) as at from s group by grp order by at desc limit $2)
     select s.id, s.trend, s.org_scan_id from s join g using (grp) order by g.at, s.collected_at, s.id`,
    [accountId ?? null, last],
  );
  return rows.map((r) => ({ ...r.trend, ...(r.org_scan_id ? { orgScanId: r.org_scan_id } : {}), scanId: Number(r.id) }));
}

/** The account scans of the last `last` organization scans that covered any of these accounts. */
export async function orgScansOf(db: Sql, accountIds: string[], last: number): Promise<TrendPoint[]> {
  const rows = await db.query<{ id: string; trend: Omit<TrendPoint, 'scanId'>; org_scan_id: string }>(
    // An account scanned twice in one organization scan (a job retried after its worker recorded
    // it) counts once, with its latest scan.
    `with s as (select distinct on (org_scan_id, account_id) id, trend, collected_at, account_id, org_scan_id from scans
                where org_scan_id is not null and account_id = any($1::text[])
                order by org_scan_id, account_id, collected_at desc),
          g as (select org_scan_id, min(collected_at) as at from s group by org_scan_id order by at desc limit $2)
     select s.id, s.trend, s.org_scan_id from s join g using (org_scan_id) order by g.at, s.account_id`,
    [accountIds, last],
  );
  return rows.map((r) => ({ ...r.trend, orgScanId: r.org_scan_id, scanId: Number(r.id) }));
}

/** Mean time to remediate per duty, over every resolved finding of the account. */
export async function mttrOf(db: Sql, accountId: string): Promise<MttrRow[]> {
  const rows = await db.query<{ duty: string; days: unknown; resolved: unknown }>(
    `select d.duty, avg(extract(epoch from (f.resolved_at - f.open_since)) / 86400) as days, count(*) as resolved
     from findings f cross join lateral unnest(f.duties) as d(duty)
     where f.account_id = $1 and f.status = 'resolved' group by d.duty order by d.duty`,
    [accountId],
  );
  return rows.map((r) => ({ duty: r.duty, days: Math.round(Number(r.days) * 10) / 10, resolved: Number(r.resolved) }));
}
