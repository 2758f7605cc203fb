import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { isAllowedOperation, MutatingCallBlocked } from './readonly.js';

export interface AwsOptions {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  endpointUrl?: string;
  /** Region for global calls (STS, IAM, DescribeRegions, S3 ListBuckets). */
  homeRegion: string;
  maxAttempts?: number;
  /** Per-request limits in ms; a hung endpoint must not hang a scheduled scan. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
type CredentialProvider = () => Promise<Credentials>;

/** Every operation that left the process, in order, as "service:Operation". */
export type CallLog = string[];

interface MiddlewareClient {
  middlewareStack: {
    add(mw: (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (a: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string; priority?: 'high' }): void;
  };
}

function guard<T>(client: T, service: string, calls: CallLog): T {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, ctx) => async (args) => {
      const operation = (ctx.commandName ?? '').replace(/Command$/, '');
      if (!isAllowedOperation(service, operation)) throw new MutatingCallBlocked(service, operation);
      calls.push(`${service}:${operation}`);
      return next(args);
    },
    { step: 'initialize', name: 'incloudReadOnlyGuard', priority: 'high' },
  );
  return client;
}

/** Builds guarded SDK clients for one scan. Clients are cached per region. */
export class AwsClients {
  readonly calls: CallLog = [];
  private readonly cache = new Map<string, unknown>();
  private credentials?: CredentialProvider;

  constructor(readonly options: AwsOptions) {
    if (options.roleArn) this.credentials = this.assumeRoleProvider(options.roleArn, options.externalId);
  }

  private base(region: string) {
    const o = this.options;
    return {
      region,
      maxAttempts: o.maxAttempts ?? 8,
      retryMode: 'adaptive' as const,
      requestHandler: { connectionTimeout: o.connectionTimeoutMs ?? 5_000, requestTimeout: o.requestTimeoutMs ?? 60_000, throwOnRequestTimeout: true, socketTimeout: o.requestTimeoutMs ?? 60_000 },
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
      ...(this.credentials ? { credentials: this.credentials } : {}),
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

  sts(): STSClient {
    return this.cached('sts', () => guard(new STSClient(this.base(this.options.homeRegion)), 'sts', this.calls));
  }
  iam(): IAMClient {
    return this.cached('iam', () => guard(new IAMClient(this.base(this.options.homeRegion)), 'iam', this.calls));
  }
  ec2(region: string): EC2Client {
    return this.cached(`ec2:${region}`, () => guard(new EC2Client(this.base(region)), 'ec2', this.calls));
  }
  s3(region: string): S3Client {
    return this.cached(`s3:${region}`, () =>
      guard(new S3Client({ ...this.base(region), forcePathStyle: Boolean(this.options.endpointUrl), followRegionRedirects: true }), 's3', this.calls));
  }
  s3control(region: string): S3ControlClient {
    return this.cached(`s3control:${region}`, () =>
      guard(new S3ControlClient({
        ...this.base(region),
        // S3 Control's endpoint rules put the account id in front of the host ("ID.host"), which an
        // emulator on an IP address cannot serve: send every call to the given endpoint as is.
        ...(this.options.endpointUrl ? { disableHostPrefix: true, endpointProvider: () => ({ url: new URL(this.options.endpointUrl!) }) } : {}),
      }), 's3control', this.calls));
  }

  private assumeRoleProvider(roleArn: string, externalId?: string): CredentialProvider {
    // The base STS client uses the default chain (or --profile) to assume the role.
    const o = this.options;
    const sts = guard(new STSClient({
      region: o.homeRegion, maxAttempts: o.maxAttempts ?? 8, retryMode: 'adaptive',
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
    }), 'sts', this.calls);
    let current: Credentials | undefined;
    return async () => {
      if (current?.expiration && current.expiration.getTime() - Date.now() > 5 * 60_000) return current;
      const out = await sts.send(new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: `incloud-${Date.now()}`,
        DurationSeconds: 3600,
        ...(externalId ? { ExternalId: externalId } : {}),
      }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
      current = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      return current;
    };
  }

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy?: () => void }).destroy?.();
  }
}
