import { sgPortCheck, sgRemediation } from './_ports.js';

export default sgPortCheck({
  id: 'ec2.sg-rdp-open-internet',
  title: 'RDP (3389) open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network'],
  refs: {
    cis: '5.2/5.3 (v1.5-v3.0), 5.3/5.4 (v4.0-v5.0), 6.3/6.4 (v6.0)',
    securityHub: 'EC2.14, EC2.53, EC2.54',
    prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389',
  },
  description:
    'A rule whose sources add up to the whole Internet covers port 3389. Critical when the group sits on a running instance reachable from the Internet.',
  remediation: sgRemediation('3389'),
  what: 'RDP',
  ports: () => [{ from: 3389, to: 3389, protocol: 'both' }],
});
