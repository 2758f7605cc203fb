// How hard each lane (service and region) of a scan may go, from what AWS documents about its
// throttling. AWS throttles per API and account, not per client: EC2 meters non-mutating
// (Describe) actions with a token bucket per account and Region (bucket of 100, refilled at 20
// a second); IAM and Organizations are account-wide services whose rates are not published; S3
// bucket-configuration reads go to each bucket's own endpoint, where S3 documents thousands of
// requests a second per prefix and no account-wide bucket. So S3 gets a wide lane, EC2 its
// documented rate, and the account-wide services narrow windows; the scan's --concurrency is only the ceiling over
// all of them. Each lane still halves on a throttling answer and regrows on success.

export interface LaneBudget {
  /** Requests of the lane in flight at most. */
  inFlight: number;
  /** A token bucket: at most `burst` at once, then `perSecond`. */
  rate?: { burst: number; perSecond: number };
}

const BUDGETS: Record<string, LaneBudget> = {
  // EC2 API request throttling, non-mutating actions: bucket size 100, refill rate 20 per second.
  ec2: { inFlight: 16, rate: { burst: 100, perSecond: 20 } },
  // Per-bucket endpoints: the SDK's socket pool (50) is the practical limit.
  s3: { inFlight: 48 },
  s3express: { inFlight: 16 },
  // S3 Control (account Block Public Access, access points): account-level, few calls.
  s3control: { inFlight: 8 },
  // IAM publishes no request rate: account-wide, so a modest window that narrows on a throttle.
  iam: { inFlight: 12 },
  // STS: 600 requests per second per account and Region.
  sts: { inFlight: 8 },
  organizations: { inFlight: 4, rate: { burst: 10, perSecond: 5 } },
  lambda: { inFlight: 8 },
  cloudformation: { inFlight: 8 },
  codebuild: { inFlight: 8 },
};
const OTHER: LaneBudget = { inFlight: 4 };

/** The budget of a lane named "service:region". */
export function laneBudget(lane: string): LaneBudget {
  return BUDGETS[lane.split(':')[0] ?? ''] ?? OTHER;
}
