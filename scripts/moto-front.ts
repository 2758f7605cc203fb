// A loopback front for moto_server that answers the calls moto 5.2 does not implement (VPC
// Block Public Access: DescribeVpcBlockPublicAccessOptions and its Modify, keeping the mode per
// region as AWS does; directory buckets, see moto-front-s3express.ts; Security Hub's
// BatchUpdateFindings, see moto-front-securityhub.ts) and passes everything
// else to moto unchanged (headers too, so moto's signature checks still hold).

import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DirectoryBucketStandIn } from './moto-front-s3express.js';
import { SecurityHubStandIn } from './moto-front-securityhub.js';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const MODES = new Set(['off', 'block-bidirectional', 'block-ingress']);

const regionOf = (req: IncomingMessage): string =>
  /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/ec2\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';

function optionsXml(root: string, region: string, mode: string): string {
  const state = mode === 'off' ? 'default-state' : 'update-complete';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${EC2_NS}"><requestId>${randomUUID()}</requestId><vpcBlockPublicAccessOptions><awsAccountId>123456789012</awsAccountId><awsRegion>${region}</awsRegion><state>${state}</state><internetGatewayBlockMode>${mode}</internetGatewayBlockMode></vpcBlockPublicAccessOptions></${root}>`;
}

export async function startMotoFront(motoPort: number): Promise<{ port: number; close: () => Promise<void> }> {
  const modes = new Map<string, string>();
  const directoryBuckets = new DirectoryBucketStandIn();
  const securityHub = new SecurityHubStandIn();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (directoryBuckets.answer(req, body, res)) return;
      if (securityHub.answer(req, body, res)) return;
      const form = req.method === 'POST' && req.url === '/' ? new URLSearchParams(body.toString('utf8')) : undefined;
      const action = form?.get('Action');
      if (action === 'DescribeVpcBlockPublicAccessOptions' || action === 'ModifyVpcBlockPublicAccessOptions') {
        const region = regionOf(req);
        const wanted = form!.get('InternetGatewayBlockMode') ?? '';
        if (action === 'ModifyVpcBlockPublicAccessOptions' && MODES.has(wanted)) modes.set(region, wanted);
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(optionsXml(`${action}Response`, region, modes.get(region) ?? 'off'));
        return;
      }
      const rewrite = securityHub.rewrites(req);
      const upstream = request({ host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        if (!rewrite || answer.statusCode !== 200) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const text = securityHub.rewrite(Buffer.concat(parts).toString('utf8'));
          res.writeHead(200, { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      upstream.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
