// The compact part of one account's evaluation that the organization joins across accounts:
// who can be reached from the Internet, who is (or reaches) admin or data there, who may assume
// roles elsewhere (only the statements that bear on sts:AssumeRole), which roles trust other
// accounts, and the hops between its own principals. Emitted with each account's result (also
// by queue workers), so the coordinator never needs the full snapshots.

import type { CapLevel, Statement } from './policy-statement.js';
import type { WitnessHop } from './witness.js';

export interface ExtractPrincipal {
  arn: string;
  name: string;
  kind: 'user' | 'role';
  /** Admin of its account: [] when it is admin itself, else the hops of its chain there. */
  admin?: WitnessHop[];
  /** The worst data it reaches in its account, when it is not admin. */
  data?: { outcome: string; impact: number; hops: WitnessHop[] };
  /** How the Internet reaches it: Internet → instance → this role. */
  entry?: WitnessHop[];
  /** Its statements that bear on sts:AssumeRole, with the SCP levels over it and what the scan knows of its requests. */
  assume?: {
    identity: Statement[];
    boundary?: Statement[];
    caps?: CapLevel[];
    known: Record<string, string | null>;
    session: 'yes' | 'unknown';
  };
  /** A role's trust statements that admit principals of other accounts. */
  trust?: Statement[];
}

export interface AccountExtract {
  accountId: string;
  principals: ExtractPrincipal[];
  /** Hops between this account's own principals (role to role, user to role, ...). */
  edges: { from: string; to: string; hop: WitnessHop }[];
  /** RCP levels over this account's resources, kept to the statements that bear on sts:AssumeRole. */
  rcp?: CapLevel[];
}
