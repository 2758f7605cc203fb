// A 200 answer whose body is empty or cut off must not read as "no resources": the SDK's
// XML parser turns both into an output with no lists, which the collectors would take as an
// empty account. Every successful response body is read here first and checked for a whole
// XML document (or a non-empty JSON payload, as GetBucketPolicy returns).

export class IncompleteResponse extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(message: string, status: number) {
    super(message);
    this.name = 'IncompleteResponse';
    this.$metadata = { httpStatusCode: status };
  }
}

/** Undefined when the body is a whole document, else what is wrong with it. */
export function bodyProblem(text: string): string | undefined {
  const body = text.trim();
  if (body.length === 0) return 'empty response body';
  if (body.startsWith('{')) {
    try {
      JSON.parse(body);
      return undefined;
    } catch {
      return `response body is cut off (${body.length} bytes of JSON that does not parse)`;
    }
  }
  if (!body.startsWith('<')) return undefined;
  const withoutDecl = body.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root = /^<([A-Za-z_][\w:.-]*)/.exec(withoutDecl)?.[1];
  if (!root) return 'response body is not an XML document';
  if (body.endsWith(`</${root}>`)) return undefined;
  if (new RegExp(`^<${root}(\\s[^>]*)?/>$`).test(withoutDecl)) return undefined;
  return `response body is cut off (${body.length} bytes, no closing </${root}>)`;
}

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

interface RawResponse {
  statusCode: number;
  body?: unknown;
}

/** Reads a successful response's body, throws IncompleteResponse if it is not whole, and puts the bytes back. */
export async function verifyResponse(response: RawResponse): Promise<void> {
  if (response.statusCode < 200 || response.statusCode >= 300) return;
  const body = response.body;
  let bytes: Uint8Array;
  if (body === undefined || body === null) bytes = new Uint8Array();
  else if (body instanceof Uint8Array) bytes = body;
  else if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function')
    bytes = await readAll(body as AsyncIterable<Uint8Array>);
  else return;
  response.body = bytes;
  const problem = bodyProblem(Buffer.from(bytes).toString('utf8'));
  if (problem) throw new IncompleteResponse(problem, response.statusCode);
}
