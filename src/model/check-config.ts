// Tunables of the checks. Defaults follow CIS / Security Hub; a config file can override them
// (read and validated in src/engine/config.ts).

export interface PortRange {
  from: number;
  to: number;
  protocol: 'tcp' | 'udp' | 'both';
}

export interface CheckConfig {
  /** Security Hub EC2.19 "high-risk" ports (fixed list in SH). */
  highRiskPorts: number[];
  datastorePorts: PortRange[];
  fileSharePorts: PortRange[];
  remoteMgmtPorts: PortRange[];
  /** Ports that may be open to the Internet without a finding (EC2.18 authorizedTcpPorts). */
  authorizedTcpPorts: number[];
  authorizedUdpPorts: number[];
  /** Accounts trusted for cross-account access (bucket policies, role trusts). */
  trustedAccounts: string[];
  /** Buckets that are public on purpose (website/content). */
  intentionallyPublicBuckets: string[];
  unusedCredentialDays: number;
  keyRotationDays: number;
  rootRecentUseDays: number;
  unusedRoleDays: number;
  /** Days an instance may stay stopped before it should be removed (FSBP EC2.4 default 30). */
  stoppedInstanceDays: number;
  minPasswordLength: number;
  passwordReuse: number;
}

const tcp = (from: number, to = from): PortRange => ({ from, to, protocol: 'tcp' });
const both = (from: number, to = from): PortRange => ({ from, to, protocol: 'both' });

export const DEFAULT_CONFIG: CheckConfig = {
  highRiskPorts: [
    20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
  ],
  datastorePorts: [
    tcp(3306),
    tcp(5432),
    tcp(1433, 1434),
    tcp(1521, 1522),
    tcp(2483, 2484),
    tcp(27017, 27019),
    tcp(6379),
    both(11211),
    tcp(7000, 7001),
    tcp(7199),
    tcp(9042),
    tcp(9160),
    tcp(8888),
    tcp(9200),
    tcp(9300),
    tcp(5601),
    tcp(9092),
  ],
  fileSharePorts: [both(445), both(137, 139), both(2049), tcp(20, 21)],
  remoteMgmtPorts: [
    tcp(23),
    tcp(5800),
    tcp(5900, 5901),
    tcp(5500),
    tcp(5985, 5986),
    tcp(2375, 2376),
    tcp(6443),
    tcp(10250),
    tcp(4505, 4506),
    tcp(389),
    tcp(636),
    tcp(88),
    tcp(464),
    tcp(749, 750),
    tcp(135),
    tcp(8020),
    tcp(50070),
    tcp(50470),
    { from: 161, to: 161, protocol: 'udp' },
    both(53),
  ],
  authorizedTcpPorts: [80, 443],
  authorizedUdpPorts: [],
  trustedAccounts: [],
  intentionallyPublicBuckets: [],
  unusedCredentialDays: 45,
  stoppedInstanceDays: 30,
  keyRotationDays: 90,
  rootRecentUseDays: 15,
  unusedRoleDays: 90,
  minPasswordLength: 14,
  passwordReuse: 24,
};
