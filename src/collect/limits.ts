// Collector defaults that front ends show in their help, kept apart from the AWS SDK clients
// so that commands which never call AWS do not load the SDK.

/** The ceiling on AWS calls in flight per account, by default (each lane keeps to its own budget under it: see lane-budgets.ts). */
export const DEFAULT_CONCURRENCY = 48;
