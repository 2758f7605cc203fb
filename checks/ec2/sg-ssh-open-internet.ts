import { sgPortCheck, sgRemediation } from './_ports.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default sgPortCheck({
  id: 'ec2.sg-ssh-open-internet',
  title: 'SSH (22) open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network'],
  refs: {
    controls: [...cis7('6.3', '6.4'), ...cis6('6.3', '6.4'), ...fsbp('EC2.18', 'EC2.19')],
    prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22',
  },
  description:
    'A rule whose sources add up to the whole Internet covers port 22 over TCP, UDP or all protocols. Critical when the group sits on a running instance reachable from the Internet.',
  remediation: sgRemediation('22'),
  what: 'SSH',
  ports: () => [{ from: 22, to: 22, protocol: 'both' }],
});
