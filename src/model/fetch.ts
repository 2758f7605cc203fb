// Failure as data: every piece of the inventory is fetched into a Fetch<T>, so a call that
// failed is recorded with its reason and a check says "not assessed" instead of passing.

/** credentials: expired, unknown or mis-signed keys; clock-skew: the local clock is too far from AWS's. */
export type ErrorKind = 'denied' | 'throttled' | 'credentials' | 'clock-skew' | 'invalid-data' | 'not-found' | 'error';

/** A call that failed. Recorded, never thrown past the collector. */
export interface CollectError {
  service: 'ec2' | 's3' | 's3control' | 's3express' | 'iam' | 'sts' | 'organizations' | 'lambda' | 'cloudformation' | 'codebuild';
  operation: string;
  region?: string;
  resource?: string;
  kind: ErrorKind;
  code: string;
  message: string;
  /** For a denied call: the IAM action the scanner lacks. */
  permission?: string;
}

/**
 * The outcome of fetching one piece of data.
 * - ok: the call succeeded (value may be an empty list).
 * - absent: AWS answered "not configured" (e.g. NoSuchBucketPolicy): a fact, not an error.
 * - error: the call failed; checks that need it report "not assessed".
 */
export type Fetch<T> = { state: 'ok'; value: T } | { state: 'absent'; code: string } | { state: 'error'; error: CollectError };

export type Tags = Record<string, string>;
