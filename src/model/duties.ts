// The customer-side duties every check maps onto, in incloud's own words, and what stays on
// the provider's side of the shared responsibility model. Catalogue data: reports, docs and
// the evaluator all read it from here.

import type { DutyId } from './findings.js';

export const DUTY_NAMES: Record<DutyId, string> = {
  identity: 'Identity & access management',
  credentials: 'Credential & key hygiene',
  network: 'Network & firewall configuration',
  'data-at-rest': 'Data protection at rest',
  'data-in-transit': 'Data protection in transit',
  'data-access': 'Data access control & exposure',
  recovery: 'Backup, recovery & integrity',
  audit: 'Logging & audit evidence',
  patching: 'Guest OS, platform & application updates',
};

/** What each duty asks of the customer, in incloud's own words (report and docs). */
export const DUTY_SCOPE: Record<DutyId, string> = {
  identity: 'Who may do what: least privilege for users, groups and roles, MFA, federation, and which principals a role trusts.',
  credentials: 'The life of secrets: root credentials, passwords and the password policy, access keys and their rotation and retirement.',
  network: 'What the Internet can reach: security-group and network-ACL rules, public addresses and the routes behind them.',
  'data-at-rest': 'How stored data is encrypted and who holds the keys.',
  'data-in-transit': 'Whether traffic to your data is forced onto TLS and cleartext protocols are kept off the Internet.',
  'data-access': 'Who can read or change your data: public and cross-account grants through policies, ACLs and access points.',
  recovery: 'Whether data survives mistakes and attacks: versioning, Object Lock, MFA delete, replication, lifecycle.',
  audit: 'Whether you will have evidence when you need it: access logging of your resources.',
  patching:
    'Operating systems, platforms and applications you run. EC2 security groups, S3 and IAM settings do not show patch levels, so incloud never reports this duty as passing.',
};

/** Why the patching duty is never "passing" in a report. */
export const PATCHING_NOTE =
  'EC2 security groups, S3 and IAM settings say nothing about patch levels; this scan does not assess patching. Exposed services (open database, file-share or admin ports) raise patch urgency.';

export const PROVIDER_SIDE = [
  { area: 'Physical facilities and hardware', note: "Data centres, hosts, storage media and their disposal are AWS's duty." },
  { area: 'Virtualisation and host OS', note: 'The hypervisor and the host operating system under EC2 instances.' },
  { area: 'Global network infrastructure', note: 'Regions, Availability Zones, edge locations and the backbone between them.' },
  {
    area: 'Managed service control planes',
    note: 'The S3, IAM and EC2 APIs themselves, their availability and their internal encryption.',
  },
];
