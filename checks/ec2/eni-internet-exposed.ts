import { isEmpty } from '../../src/analysis/sg-exposure.js';
import { define, eachRegion, fail, pass } from '../_lib.js';
import { naclBlocks } from '../../src/analysis/nacl.js';
import { atLeast, openPortsIn, passUnlessUnknown } from './_ports.js';

export default define({
  id: 'ec2.eni-internet-exposed',
  title: 'Network interface reachable from the Internet on open ports',
  service: 'ec2',
  severity: 'high',
  duties: ['network'],
  refs: { prowler: 'ec2_instance_port_*_exposed_to_internet' },
  description:
    "An in-use interface has a public IPv4 or an IPv6 address, its subnet routes to an Internet gateway, and the union of its security groups opens ports to the whole Internet. Critical for admin, data-store or file-share ports that the subnet's network ACL does not deny.",
  remediation: {
    summary: 'Move the workload to a private subnet behind a load balancer, remove the public IP, or close the ports to the Internet.',
    cli: 'aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --groups <restricted-sg-id>',
    terraform: `resource "aws_instance" "app" {\n  # ...\n  associate_public_ip_address = false\n  subnet_id                   = aws_subnet.private.id\n}`,
  },
  evaluate(s, ctx) {
    const c = ctx.config;
    const sensitive = [
      { from: 22, to: 22, protocol: 'both' as const },
      { from: 3389, to: 3389, protocol: 'both' as const },
      ...c.datastorePorts,
      ...c.fileSharePorts,
      ...c.remoteMgmtPorts,
    ];
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces', 'instances', 'routeTables'], (region, { networkInterfaces }) =>
      networkInterfaces
        .filter((e) => e.status === 'in-use')
        .map((eni) => {
          const inst = ctx.instance(region, eni.instanceId);
          const ref = inst ? ctx.ec2Ref(region, 'instance', inst.id, inst.tags.Name) : ctx.ec2Ref(region, 'network-interface', eni.id);
          const reach = ctx.eniReach(region, eni);
          if (reach.level < 3) return pass(ref, eni.id);
          const e = ctx.eniExposure(region, eni);
          if (isEmpty(e)) return passUnlessUnknown(ctx, region, ref, e, eni.id);
          if (!ctx.eniEntry(region, eni))
            return fail(
              ref,
              `${inst ? `Instance ${inst.id}` : `Interface ${eni.id}`} has a public address and security groups open to the Internet, but its subnet's network ACL refuses every one of those ports.`,
              { region, networkInterfaceId: eni.id, instanceId: inst?.id, publicIp: reach.publicIpv4, securityGroups: eni.groupIds },
              {
                severity: 'low',
                discriminator: eni.id,
                exposure: {
                  reach: 0,
                  blast: 0,
                  factors: ['not reachable now: the network ACL is the only control left; one ACL change opens it'],
                },
              },
            );
          const acls = s.ec2[region]?.networkAcls;
          const aclList = acls?.state === 'ok' ? acls.value : undefined;
          const blockedByNacl = (port: number, proto: 'tcp' | 'udp', fams: ('ipv4' | 'ipv6')[]) =>
            fams.every((f) => naclBlocks(aclList, eni.subnetId, eni.vpcId, port, f, proto));
          const hot = openPortsIn(e, sensitive).filter((h) => !(h.from === h.to && blockedByNacl(h.from, h.protocol, h.families)));
          const all = [
            ...e.allTraffic.map((f) => `all traffic (${f})`),
            ...e.tcp.map((i) => (i.from === i.to ? `tcp/${i.from}` : `tcp/${i.from}-${i.to}`)),
            ...e.udp.map((i) => (i.from === i.to ? `udp/${i.from}` : `udp/${i.from}-${i.to}`)),
          ];
          const critical = e.allTraffic.length > 0 || hot.length > 0;
          const naclNote = openPortsIn(e, sensitive).length > hot.length ? ['network ACL denies some sensitive ports'] : [];
          const onlyWeb = !critical && e.udp.length === 0 && e.tcp.every((i) => i.from === i.to && c.authorizedTcpPorts.includes(i.from));
          const blast = inst ? ctx.instanceBlast(inst) : { blast: 0, factors: [] };
          return fail(
            ref,
            `${inst ? `Instance ${inst.id}` : `Interface ${eni.id}`} is reachable from the Internet at ${reach.publicIpv4 ?? reach.ipv6[0]} on ${all.join(', ')}.`,
            {
              region,
              networkInterfaceId: eni.id,
              instanceId: inst?.id,
              publicIp: reach.publicIpv4,
              ipv6: reach.ipv6,
              securityGroups: eni.groupIds,
              openPorts: all,
              sensitivePorts: hot.map((h) => h.ports),
              instanceProfileArn: inst?.instanceProfileArn,
            },
            {
              severity: critical ? 'critical' : onlyWeb ? 'info' : 'high',
              discriminator: eni.id,
              exposure: {
                reach: 3,
                blast: blast.blast,
                factors: [...reach.factors, ...blast.factors, ...naclNote, ...atLeast(ctx, region, e)],
              },
            },
          );
        }),
    );
  },
});
