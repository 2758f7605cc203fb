// The command lines of a scan against an emulator or a stand-in, shared by the tests and the benches.

/** A scan of one account: one Region, reports into `out`. */
export const scanArgs = (endpoint: string, out: string): string[] => [
  'scan',
  '--endpoint-url',
  endpoint,
  '--regions',
  'us-east-1',
  '--out',
  out,
];

/** The same for an organization scan. */
export const orgScanArgs = (endpoint: string, out: string, ...extra: string[]): string[] => [
  'scan',
  '--org',
  ...scanArgs(endpoint, out).slice(1),
  ...extra,
];
