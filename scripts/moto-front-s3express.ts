// The directory-bucket (S3 Express One Zone) calls moto 5.2 lacks, answered by the moto front:
// CreateBucket and ListDirectoryBuckets per region, and each bucket's lifecycle configuration
// (Put, Get, and NoSuchLifecycleConfiguration when none was put), as AWS's Regional endpoint does.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

interface DirectoryBucketState {
  createdAt: string;
  lifecycleXml?: string;
}

const scopeOf = (req: IncomingMessage): { region: string; service: string } | undefined => {
  const m = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\//.exec(req.headers.authorization ?? '');
  return m ? { region: m[1]!, service: m[2]! } : undefined;
};

const escapeXml = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function errorXml(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
  );
}

/** Keeps directory buckets per region; `answer` returns false for requests that are not theirs. */
export class DirectoryBucketStandIn {
  private readonly regions = new Map<string, Map<string, DirectoryBucketState>>();

  answer(req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
    const scope = scopeOf(req);
    if (scope?.service !== 's3express') return false;
    const url = new URL(req.url ?? '/', 'http://front');
    const bucketName = url.pathname.split('/').find(Boolean);
    const buckets = this.regions.get(scope.region) ?? new Map<string, DirectoryBucketState>();
    this.regions.set(scope.region, buckets);

    if (!bucketName && req.method === 'GET' && url.searchParams.get('x-id') === 'ListDirectoryBuckets') {
      const items = [...buckets.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([name, b]) =>
            `<Bucket><Name>${escapeXml(name)}</Name><CreationDate>${b.createdAt}</CreationDate><BucketRegion>${scope.region}</BucketRegion></Bucket>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyDirectoryBucketsResult xmlns="${S3_NS}"><Buckets>${items}</Buckets></ListAllMyDirectoryBucketsResult>`,
      );
      return true;
    }
    if (!bucketName || !bucketName.endsWith('--x-s3')) {
      errorXml(res, 400, 'InvalidRequest', 'this stand-in answers directory-bucket calls only');
      return true;
    }
    const bucket = buckets.get(bucketName);
    const lifecycle = url.searchParams.has('lifecycle');
    if (req.method === 'PUT' && !lifecycle) {
      if (!bucket) buckets.set(bucketName, { createdAt: new Date().toISOString() });
      res.writeHead(200, { location: `/${bucketName}` });
      res.end();
      return true;
    }
    if (!bucket) {
      errorXml(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      return true;
    }
    if (lifecycle && req.method === 'PUT') {
      bucket.lifecycleXml = body.toString('utf8');
      res.writeHead(200);
      res.end();
    } else if (lifecycle && req.method === 'GET') {
      if (!bucket.lifecycleXml) errorXml(res, 404, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
      else {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(bucket.lifecycleXml);
      }
    } else errorXml(res, 501, 'NotImplemented', `${req.method} ${url.pathname}${url.search} is not emulated`);
    return true;
  }
}
