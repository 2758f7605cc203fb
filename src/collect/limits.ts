// Collector defaults that front ends show in their help, kept apart from the AWS SDK clients
// so that commands which never call AWS do not load the SDK.

/** AWS calls in flight at once per account, by default. */
export const DEFAULT_CONCURRENCY = 16;
