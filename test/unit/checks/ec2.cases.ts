// Fixture cases of the EC2 checks: security groups, interfaces, instances, subnets, VPCs and network ACLs.
// Each: an inventory that must fail the check, and a look-alike that must pass it.

import { ACCT, addInstance, addRole, addSg, daysAgo, doc, ok, perm, push, region, world } from '../../helpers/builder.js';
import { adminRole, type CheckCase } from '../../helpers/check-tester.js';

export const EC2_CASES: CheckCase[] = [
  // ------------------------------------------------------------------ EC2
  {
    id: 'ec2.sg-ingress-all-traffic-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ protocol: '-1', ipv4: [{ cidr: '0.0.0.0/0' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ protocol: '-1', ipv4: [{ cidr: '10.0.0.0/8' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-ssh-open-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443), world(80), perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '198.51.100.0/24' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-rdp-open-internet',
    severity: 'medium', // split halves add up to the Internet; unattached -> downgraded
    fail: (s) => {
      addSg(s, 'sg-a', [
        perm({ fromPort: 3389, toPort: 3389, ipv4: [{ cidr: '0.0.0.0/1' }] }),
        perm({ fromPort: 3000, toPort: 4000, ipv4: [{ cidr: '128.0.0.0/1' }] }),
      ]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 3389, toPort: 3389, ipv4: [{ cidr: '0.0.0.0/1' }] })]);
    },
  },
  {
    id: 'ec2.sg-high-risk-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [world(8080)]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(8443)]);
    },
  },
  {
    id: 'ec2.sg-datastore-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, ipv6: [{ cidr: '::/0' }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [
        perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-web' }] }),
        perm({ fromPort: 5432, toPort: 5432, ipv6: [{ cidr: 'fd00::/8' }] }),
      ]);
    },
  },
  {
    id: 'ec2.sg-file-share-port-open-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(440, 450)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-remote-mgmt-port-open-internet',
    severity: 'medium',
    fail: (s) => {
      addSg(s, 'sg-a', [world(53, 53, 'udp')]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(123, 123, 'udp')]);
    },
  },
  {
    id: 'ec2.sg-unauthorized-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [world(9000, 9010)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443), world(80)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-default-has-rules',
    severity: 'medium',
    fail: (s) => {
      addSg(s, 'sg-d', [perm({ protocol: '-1', groups: [{ groupId: 'sg-d' }] })], { name: 'default' });
    },
    pass: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
      addSg(s, 'sg-x', [perm({ protocol: '-1', groups: [{ groupId: 'sg-x' }] })], { name: 'not-default' });
      addInstance(s, 'i-x', ['sg-x'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.sg-default-in-use',
    severity: 'low',
    fail: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
      addInstance(s, 'i-a', ['sg-d'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
    },
  },
  {
    id: 'ec2.sg-unused',
    severity: 'info',
    fail: (s) => {
      addSg(s, 'sg-a', []);
    },
    pass: (s) => {
      addSg(s, 'sg-a', []);
      addSg(s, 'sg-b', [perm({ fromPort: 1, toPort: 1, groups: [{ groupId: 'sg-a' }] })]);
      addInstance(s, 'i-b', ['sg-b'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.sg-launch-wizard',
    severity: 'low',
    fail: (s) => {
      addSg(s, 'sg-a', [], { name: 'launch-wizard-3' });
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [], { name: 'my-launch-wizard-notes' });
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.eni-internet-exposed',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { subnetId: 'subnet-priv' }, { subnetId: 'subnet-priv' });
    },
  }, // no IGW route
  {
    id: 'ec2.instance-public-ip',
    severity: 'medium',
    fail: (s) => {
      addInstance(s, 'i-a', []);
    },
    pass: (s) => {
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.instance-imdsv1-allowed',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a'], {
        metadataHttpTokens: 'optional',
        instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin`,
      });
    },
    pass: (s) => {
      addInstance(
        s,
        'i-a',
        [],
        { metadataHttpTokens: 'optional', metadataHttpEndpoint: 'disabled', publicIp: undefined },
        { publicIp: undefined },
      );
    },
  },
  {
    id: 'ec2.instance-no-instance-profile',
    severity: 'low',
    fail: (s) => {
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
    pass: (s) => {
      // A running instance that has a profile passes; a terminated one without is not looked at.
      addRole(s, 'app', { instanceProfiles: [{ name: 'app', arn: `arn:aws:iam::${ACCT}:instance-profile/app` }] });
      addInstance(
        s,
        'i-a',
        [],
        { publicIp: undefined, instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/app` },
        { publicIp: undefined },
      );
      addInstance(s, 'i-b', [], { publicIp: undefined, state: 'terminated' }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.attack-path-internet-to-role',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` });
    },
    pass: (s) => {
      // Same exposure, but the role only reads one bucket.
      addRole(s, 'web', {
        inline: [{ name: 'read', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' }) }],
        instanceProfiles: [{ name: 'web', arn: `arn:aws:iam::${ACCT}:instance-profile/web` }],
      });
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web` });
    },
  },
  {
    id: 'ec2.instance-profile-privileged',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` });
    },
    pass: (s) => {
      addRole(s, 'web', {
        inline: [{ name: 'read', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' }) }],
        instanceProfiles: [{ name: 'web', arn: `arn:aws:iam::${ACCT}:instance-profile/web` }],
      });
      addInstance(s, 'i-a', [], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web` });
    },
  },
  {
    id: 'ec2.sg-broad-public-cidr',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '52.0.0.0/6' }] })]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '203.0.113.0/24' }, { cidr: '10.0.0.0/8' }] }), world(443)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-cross-account-reference',
    severity: 'info',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-theirs', userId: '444455556666' }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-ours', userId: ACCT }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.subnet-auto-assign-public-ip',
    severity: 'low',
    fail: (s) => {
      region(s).subnets = ok([
        { id: 'subnet-x', vpcId: 'vpc-1', mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: true, defaultForAz: false },
      ]);
    },
    pass: (s) => {
      region(s).subnets = ok([
        { id: 'subnet-x', vpcId: 'vpc-1', mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false, defaultForAz: true },
      ]);
    },
  },
  {
    id: 'ec2.vpc-default-in-use',
    severity: 'low',
    fail: (s) => {
      region(s).vpcs = ok([{ id: 'vpc-1', isDefault: true }]);
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
    pass: (s) => {
      region(s).vpcs = ok([
        { id: 'vpc-1', isDefault: false },
        { id: 'vpc-default', isDefault: true },
      ]);
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.nacl-admin-ports-open',
    severity: 'medium',
    fail: (s) => {
      region(s).networkAcls = ok([
        {
          id: 'acl-1',
          vpcId: 'vpc-1',
          isDefault: true,
          subnetIds: ['subnet-pub'],
          entries: [
            { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
            { ruleNumber: 32767, egress: false, action: 'deny', protocol: '-1', cidr: '0.0.0.0/0' },
          ],
        },
      ]);
    },
    pass: (s) => {
      region(s).networkAcls = ok([
        {
          id: 'acl-1',
          vpcId: 'vpc-1',
          isDefault: false,
          subnetIds: ['subnet-pub'],
          entries: [
            { ruleNumber: 50, egress: false, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', fromPort: 0, toPort: 5000 },
            { ruleNumber: 60, egress: false, action: 'deny', protocol: '-1', ipv6Cidr: '::/0' },
            { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
            { ruleNumber: 100, egress: true, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
          ],
        },
      ]);
    },
  },
  // ------------------------------------------------------------------ VPC settings and instance hygiene (compliance)
  {
    id: 'ec2.vpc-flow-logs-missing',
    severity: 'medium',
    fail: (s) => {
      // A flow log that exists but no longer delivers does not count.
      region(s).flowLogs = ok([{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'FAILED' }]);
      addInstance(s, 'i-a', []);
    },
    pass: (s) => {
      region(s).flowLogs = ok([
        { id: 'fl-0', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'FAILED' },
        { id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'SUCCESS' },
      ]);
      addInstance(s, 'i-a', []);
    },
  },
  {
    id: 'ec2.vpc-endpoints-missing',
    severity: 'low',
    fail: (s) => {
      const r = region(s);
      if (r.vpcEndpoints?.state === 'ok') r.vpcEndpoints.value[3]!.state = 'pending';
      addInstance(s, 'i-a', []);
    },
    pass: (s) => {
      // An endpoint of the same service in another VPC does not help; in this VPC it does.
      const r = region(s);
      if (r.vpcEndpoints?.state === 'ok')
        r.vpcEndpoints.value.push({ id: 'vpce-x', vpcId: 'vpc-2', serviceName: 'com.amazonaws.eu-west-1.ssm', state: 'available' });
      addInstance(s, 'i-a', []);
    },
  },
  {
    id: 'ec2.launch-template-public-ip',
    severity: 'medium',
    fail: (s) => {
      region(s).launchTemplates = ok([{ id: 'lt-1', name: 'web', version: 3, interfaces: [{ deviceIndex: 0, associatePublicIp: true }] }]);
    },
    pass: (s) => {
      region(s).launchTemplates = ok([
        { id: 'lt-1', name: 'web', version: 3, interfaces: [{ deviceIndex: 0, associatePublicIp: false }, { deviceIndex: 1 }] },
      ]);
    },
  },
  {
    id: 'ec2.launch-template-imdsv1-allowed',
    severity: 'medium',
    fail: (s) => {
      region(s).launchTemplates = ok([{ id: 'lt-1', interfaces: [], metadataHttpTokens: 'optional' }]);
    },
    pass: (s) => {
      region(s).launchTemplates = ok([
        { id: 'lt-1', interfaces: [], metadataHttpTokens: 'required' },
        { id: 'lt-2', interfaces: [], metadataHttpTokens: 'optional', metadataHttpEndpoint: 'disabled' },
      ]);
    },
  },
  {
    id: 'ec2.vpc-block-public-access-off',
    severity: 'low',
    fail: (s) => {
      region(s).vpcBlockPublicAccess = ok({ internetGatewayBlockMode: 'off', state: 'default-state' });
    },
    pass: (s) => {
      region(s).vpcBlockPublicAccess = ok({ internetGatewayBlockMode: 'block-bidirectional' });
    },
  },
  {
    id: 'ec2.eni-source-dest-check-disabled',
    severity: 'low',
    fail: (s) => {
      addInstance(s, 'i-a', [], {}, { sourceDestCheck: false });
    },
    pass: (s) => {
      // A NAT gateway's interface is AWS-managed: not the customer's to change.
      addInstance(s, 'i-a', [], {}, { sourceDestCheck: true });
      push(region(s).networkInterfaces, {
        id: 'eni-nat',
        interfaceType: 'nat_gateway',
        requesterManaged: true,
        sourceDestCheck: false,
        groupIds: [],
        ipv6Addresses: [],
      });
    },
  },
  {
    id: 'ec2.nacl-unused',
    severity: 'info',
    fail: (s) => {
      region(s).networkAcls = ok([{ id: 'acl-spare', vpcId: 'vpc-1', isDefault: false, subnetIds: [], entries: [] }]);
    },
    pass: (s) => {
      region(s).networkAcls = ok([
        { id: 'acl-default', vpcId: 'vpc-1', isDefault: true, subnetIds: [], entries: [] },
        { id: 'acl-used', vpcId: 'vpc-1', isDefault: false, subnetIds: ['subnet-pub'], entries: [] },
      ]);
    },
  },
  {
    id: 'ec2.instance-multiple-enis',
    severity: 'low',
    fail: (s) => {
      addInstance(s, 'i-a', [], { networkInterfaceIds: ['eni-i-a', 'eni-extra'] });
    },
    pass: (s) => {
      addInstance(s, 'i-a', []);
      addInstance(s, 'i-b', [], { state: 'terminated', networkInterfaceIds: ['eni-1', 'eni-2'] });
    },
  },
  {
    id: 'ec2.instance-stopped-long',
    severity: 'low',
    fail: (s) => {
      addInstance(s, 'i-a', [], { state: 'stopped', stoppedAt: daysAgo(45) });
    },
    pass: (s) => {
      addInstance(s, 'i-a', [], { state: 'stopped', stoppedAt: daysAgo(29) });
      addInstance(s, 'i-b', [], { state: 'running', stoppedAt: daysAgo(400) });
    },
  },
  {
    id: 'ec2.instance-paravirtual',
    severity: 'medium',
    fail: (s) => {
      addInstance(s, 'i-a', [], { virtualizationType: 'paravirtual', state: 'stopped' });
    },
    pass: (s) => {
      addInstance(s, 'i-a', [], { virtualizationType: 'hvm' });
      addInstance(s, 'i-b', [], { virtualizationType: 'paravirtual', state: 'terminated' });
    },
  },
];
