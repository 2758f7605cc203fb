import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import pLimit, { type LimitFunction } from 'p-limit';
import { DEFAULT_CONCURRENCY } from './limits.js';
import { isAllowedOperation, MutatingCallBlocked } from './readonly.js';
import { verifyResponse } from './response-check.js';
import { DEFAULT_RETRY, PerCallRetryStrategy } from './retry.js';
import { ScanTransport } from './transport.js';

export interface AwsOptions {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  /** RoleSessionName for --role-arn (CloudTrail shows it); default incloud-<time>. */
  roleSessionName?: string;
  endpointUrl?: string;
  /** Region for global calls (STS, IAM, DescribeRegions, S3 ListBuckets). */
  homeRegion: string;
  maxAttempts?: number;
  /** Ceiling on requests in flight for the whole scan (default 48); each lane has its own budget under it. */
  concurrency?: number;
  /** Per-request limits in ms; a hung endpoint must not hang a scheduled scan. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Epoch ms after which no request is started. */
  deadline?: number;
  /** Requests in flight shared with the other accounts of an organization scan. */
  sharedLimit?: LimitFunction;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
type CredentialProvider = () => Promise<Credentials>;

/** Every operation that left the process, in order, as "service:Operation". */
export type CallLog = string[];

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareClient {
  middlewareStack: {
    add(
      mw: (next: Handler, ctx: { commandName?: string }) => Handler,
      opts: { step: 'initialize' | 'deserialize'; name: string; priority?: 'high' | 'low' },
    ): void;
    addRelativeTo(
      mw: (next: Handler, ctx: { commandName?: string }) => Handler,
      opts: { relation: 'before' | 'after'; toMiddleware: string; name: string },
    ): void;
  };
}

const operationOf = (ctx: { commandName?: string }) => (ctx.commandName ?? '').replace(/Command$/, '');

/**
 * Wires a client into the scan: the read-only allow-list (before anything else), the
 * scheduler for each attempt (after retry, before signing, so a queued request is signed
 * when it leaves) and the check that a 200 answer carries a whole document.
 */
function wire<T>(client: T, service: string, lane: string | undefined, calls: CallLog, transport: ScanTransport): T {
  const stack = (client as unknown as MiddlewareClient).middlewareStack;
  stack.add(
    (next, ctx) => async (args) => {
      const operation = operationOf(ctx);
      if (!isAllowedOperation(service, operation)) throw new MutatingCallBlocked(service, operation);
      calls.push(`${service}:${operation}`);
      transport.recordCall(`${service}:${operation}`);
      return next(args);
    },
    { step: 'initialize', name: 'incloudReadOnlyGuard', priority: 'high' },
  );
  if (lane) {
    stack.addRelativeTo((next, ctx) => (args) => transport.attempt(lane, `${service}:${operationOf(ctx)}`, () => next(args)), {
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
      name: 'incloudScheduler',
    });
  }
  stack.add(
    (next) => async (args) => {
      const result = (await next(args)) as { response: { statusCode: number; body?: unknown } };
      await verifyResponse(result.response);
      return result;
    },
    { step: 'deserialize', name: 'incloudResponseCheck', priority: 'low' },
  );
  return client;
}

/** Credentials renewed this long before they expire, so a long scan never signs with stale ones. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Credentials of an assumed role, renewed before they expire; concurrent callers share one
 * AssumeRole call.
 */
export function assumeRoleCredentials(
  sts: Pick<STSClient, 'send'>,
  roleArn: string,
  externalId?: string,
  now = () => Date.now(),
  sessionName?: string,
): CredentialProvider {
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const refresh = async (): Promise<Credentials> => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName ?? `incloud-${now()}`,
        DurationSeconds: 3600,
        ...(externalId ? { ExternalId: externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    return current;
  };
  return async () => {
    if (current?.expiration && current.expiration.getTime() - now() > REFRESH_MARGIN_MS) return current;
    pending ??= refresh().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** Builds wired SDK clients for one scan. Clients are cached per region. */
export class AwsClients {
  readonly calls: CallLog = [];
  readonly transport: ScanTransport;
  private readonly cache = new Map<string, unknown>();
  private credentials?: CredentialProvider;

  constructor(
    readonly options: AwsOptions,
    transport?: ScanTransport,
  ) {
    this.transport =
      transport ??
      new ScanTransport({
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        deadline: options.deadline,
        sharedLimit: options.sharedLimit,
      });
    if (options.roleArn) this.credentials = this.assumeRoleProvider(options.roleArn, options.externalId);
  }

  private base(region: string, withRoleCredentials = true) {
    const o = this.options;
    const requestTimeout = o.requestTimeoutMs ?? 20_000;
    return {
      region,
      maxAttempts: o.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
      retryStrategy: new PerCallRetryStrategy({
        ...DEFAULT_RETRY,
        maxAttempts: o.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
        deadline: o.deadline,
      }),
      requestHandler: {
        connectionTimeout: o.connectionTimeoutMs ?? 5_000,
        requestTimeout,
        throwOnRequestTimeout: true,
        socketTimeout: requestTimeout,
      },
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
      ...(withRoleCredentials && this.credentials ? { credentials: this.credentials } : {}),
    };
  }

  private cached<T>(key: string, make: () => T): T {
    let c = this.cache.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.cache.set(key, c);
    }
    return c;
  }

  /**
   * A limit on how many per-resource tasks (a bucket, a user) run at once. Requests are built
   * before they queue for the scheduler, so without it thousands of built requests would wait
   * in memory; four tasks per request slot keep the scheduler busy.
   */
  admission(): LimitFunction {
    return pLimit(this.transport.scheduler.limit * 4);
  }

  private wired<T>(service: string, region: string, make: () => T): T {
    return this.cached(`${service}:${region}`, () => wire(make(), service, `${service}:${region}`, this.calls, this.transport));
  }

  sts(): STSClient {
    const r = this.options.homeRegion;
    return this.wired('sts', r, () => new STSClient(this.base(r)));
  }
  organizations(): OrganizationsClient {
    const r = this.options.homeRegion;
    return this.wired('organizations', r, () => new OrganizationsClient(this.base(r)));
  }
  iam(): IAMClient {
    const r = this.options.homeRegion;
    return this.wired('iam', r, () => new IAMClient(this.base(r)));
  }
  ec2(region: string): EC2Client {
    return this.wired('ec2', region, () => new EC2Client(this.base(region)));
  }
  lambda(region: string): LambdaClient {
    return this.wired('lambda', region, () => new LambdaClient(this.base(region)));
  }
  cloudformation(region: string): CloudFormationClient {
    return this.wired('cloudformation', region, () => new CloudFormationClient(this.base(region)));
  }
  codebuild(region: string): CodeBuildClient {
    return this.wired('codebuild', region, () => new CodeBuildClient(this.base(region)));
  }
  s3(region: string): S3Client {
    return this.wired(
      's3',
      region,
      () => new S3Client({ ...this.base(region), forcePathStyle: Boolean(this.options.endpointUrl), followRegionRedirects: true }),
    );
  }
  /**
   * S3 for directory buckets (S3 Express One Zone). A client of its own so that the read-only
   * guard and the permission table see these calls as s3express actions, which is what IAM
   * checks them against. Session auth is off: only Regional (control-plane) calls are made.
   */
  s3express(region: string): S3Client {
    return this.wired(
      's3express',
      region,
      () => new S3Client({ ...this.base(region), forcePathStyle: Boolean(this.options.endpointUrl), disableS3ExpressSessionAuth: true }),
    );
  }
  s3control(region: string): S3ControlClient {
    const endpointUrl = this.options.endpointUrl;
    return this.wired(
      's3control',
      region,
      () =>
        new S3ControlClient({
          ...this.base(region),
          // S3 Control's endpoint rules put the account id in front of the host ("ID.host"), which an
          // emulator on an IP address cannot serve: send every call to the given endpoint as is.
          ...(endpointUrl ? { disableHostPrefix: true, endpointProvider: () => ({ url: new URL(endpointUrl) }) } : {}),
        }),
    );
  }

  private assumeRoleProvider(roleArn: string, externalId?: string): CredentialProvider {
    // The caller's own credentials (default chain or --profile) assume the role. This client
    // bypasses the scheduler: it is called from inside other requests' slots while they sign.
    const home = this.options.homeRegion;
    const sts = this.cached('sts-caller', () => wire(new STSClient(this.base(home, false)), 'sts', undefined, this.calls, this.transport));
    return assumeRoleCredentials(sts, roleArn, externalId, undefined, this.options.roleSessionName);
  }

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy?: () => void }).destroy?.();
  }
}
