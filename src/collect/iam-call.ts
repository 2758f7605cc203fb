// What every IAM read of one scan shares: the client, the error log, and where a call is made.

import type { IAMClient } from '@aws-sdk/client-iam';
import type { CollectError } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import type { ErrorLog } from './errors.js';

export interface IamCall {
  iam: IAMClient;
  clients: AwsClients;
  log: ErrorLog;
  where: (operation: string, resource?: string) => Pick<CollectError, 'service' | 'operation' | 'region' | 'resource'>;
}

export function iamCall(clients: AwsClients, log: ErrorLog): IamCall {
  const region = clients.options.homeRegion;
  return {
    iam: clients.iam(),
    clients,
    log,
    where: (operation, resource) => ({ service: 'iam', operation, region, ...(resource ? { resource } : {}) }),
  };
}

export const iso = (d: Date | string | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);
