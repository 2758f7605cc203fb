// A finding's stable identity: the same check on the same resource (and discriminator) gets
// the same fingerprint in every scan, so history, baselines, suppressions and tickets follow it.

import { createHash } from 'node:crypto';

export function fingerprintOf(checkId: string, resourceArn: string, discriminator?: string): string {
  return createHash('sha256')
    .update(`${checkId}\u0000${resourceArn}\u0000${discriminator ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
