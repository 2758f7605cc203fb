import { sgPortCheck, sgRemediation } from './_ports.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default sgPortCheck({
  id: 'ec2.sg-file-share-port-open-internet',
  title: 'CIFS/SMB, NetBIOS, NFS or FTP open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network', 'data-access', 'data-in-transit'],
  refs: {
    controls: [...cis7('6.1.2'), ...cis6('6.1.2'), ...fsbp('EC2.18', 'EC2.19')],
    prowler: 'ec2_instance_port_cifs_exposed_to_internet',
  },
  description: 'File-sharing ports (445, 137-139, 2049) or cleartext FTP (20-21) are open to the whole Internet.',
  remediation: sgRemediation('the file-share port'),
  what: 'file-share port(s)',
  exposedServiceNote: true,
  ports: (ctx) => ctx.config.fileSharePorts,
});
