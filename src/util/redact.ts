// Connection strings as they may be shown in messages, reports and the store: every credential
// they can carry is removed (the password of user:password@) or replaced by "***" (query or
// keyword parameters such as password=, sslpassword=, token=). File paths (sslkey, sslcert) stay.

const SECRET_PARAM = /^(password|pass|passwd|pwd|sslpassword|secret|token|access_token|auth|auth_token|api_key|apikey)$/i;
const SECRET_KEYWORD = /\b((?:ssl)?pass(?:word|wd)?|pwd|secret|token)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]+)/gi;
const MASK = '***';

/** The connection string without its secrets; `user: false` drops the user name too. */
export function redactConnectionString(spec: string, o: { user?: boolean } = {}): string {
  let u: URL;
  try {
    u = new URL(spec);
  } catch {
    // A URL that does not parse may still hold a password in its user part: show none of it.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return '(invalid URL)';
    // Not a URL (a folder, or libpq's "host=... password=..." form): mask keyword values.
    return spec.replace(SECRET_KEYWORD, `$1$2${MASK}`);
  }
  if (!u.host) return spec.replace(SECRET_KEYWORD, `$1$2${MASK}`);
  u.password = '';
  if (o.user === false) u.username = '';
  for (const name of [...u.searchParams.keys()]) if (SECRET_PARAM.test(name)) u.searchParams.set(name, MASK);
  const shown = u.toString();
  try {
    return decodeURIComponent(shown);
  } catch {
    return shown;
  }
}
