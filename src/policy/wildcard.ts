// IAM wildcards: * any run of characters, ? one character. Used for actions, resources,
// condition values and suppression patterns.

export function compilePattern(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

const cache = new Map<string, RegExp>();

export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = compilePattern(pattern, caseInsensitive);
    cache.set(key, re);
  }
  return re.test(value);
}
