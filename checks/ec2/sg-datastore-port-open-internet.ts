import { sgPortCheck, sgRemediation } from './_ports.js';
import { fsbp } from '../../src/model/frameworks.js';

export default sgPortCheck({
  id: 'ec2.sg-datastore-port-open-internet',
  title: 'Database, cache, search or queue port open to the Internet',
  service: 'ec2',
  severity: 'high',
  duties: ['network', 'data-access'],
  refs: {
    controls: [...fsbp('EC2.18', 'EC2.19')],
    prowler: 'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306 (and siblings)',
  },
  description:
    'MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis, Memcached, Cassandra, Elasticsearch/Kibana or Kafka ports are open to the whole Internet.',
  remediation: sgRemediation('the database port'),
  what: 'data-store port(s)',
  exposedServiceNote: true,
  ports: (ctx) => ctx.config.datastorePorts,
});
