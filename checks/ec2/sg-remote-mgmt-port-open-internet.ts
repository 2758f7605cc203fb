import { sgPortCheck, sgRemediation } from './_ports.js';
import { fsbp } from '../../src/model/frameworks.js';

export default sgPortCheck({
  id: 'ec2.sg-remote-mgmt-port-open-internet',
  title: 'Other remote-management or control-plane port open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network', 'data-in-transit'],
  refs: { controls: [...fsbp('EC2.18', 'EC2.19')], prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_telnet_23' },
  description:
    'Telnet, VNC, WinRM, Docker API, Kubernetes API/kubelet, Salt, LDAP, Kerberos, RPC, Hadoop, SNMP or DNS ports are open to the whole Internet.',
  remediation: sgRemediation('the management port'),
  what: 'remote-management port(s)',
  exposedServiceNote: true,
  ports: (ctx) => ctx.config.remoteMgmtPorts,
});
