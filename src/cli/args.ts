// Command-line arguments: the input error and the parsers of option values.

import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../model/findings.js';
import { regionProblem } from '../model/regions.js';
import { splitList } from '../util/list.js';
import { CHAT_SERVICES, type ChatService } from '../tickets/chat.js';

import { FORMATS, type Format } from '../../reports/formats.js';

export { FORMATS, type Format };

export function parseFormats(v: string): Format[] {
  const list = v
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((x) => !(FORMATS as readonly string[]).includes(x));
  if (bad.length || !list.length)
    throw new InvalidArgumentError(`unknown format(s) ${bad.join(', ') || '(empty)'}; use ${FORMATS.join(',')}`);
  return [...new Set(list)] as Format[];
}
export function parseChatServices(v: string): ChatService[] {
  const list = [...new Set(splitList(v))];
  const unknown = list.filter((x) => !(CHAT_SERVICES as readonly string[]).includes(x));
  if (!list.length || unknown.length) throw new InvalidArgumentError(`use slack, teams or slack,teams`);
  return list as ChatService[];
}
export function parseSeverity(v: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${SEVERITIES.join(', ')}`);
  return v as Severity;
}
export function parseRegions(v: string): string[] {
  const list = splitList(v);
  if (!list.length) throw new InvalidArgumentError('not a region: (empty)');
  const problem = regionProblem(list);
  if (problem) throw new InvalidArgumentError(problem);
  return list;
}
export function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be an integer from 1 to 64');
  return n;
}
export function parseTop(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be an integer from 0 to 100');
  return n;
}
export function parseAccountId(v: string): string {
  if (!/^\d{12}$/.test(v)) throw new InvalidArgumentError('not a 12-digit account id');
  return v;
}
export function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be an integer from 1 to 10000');
  return n;
}
export function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new InvalidArgumentError('must be a number of seconds from 0 to 600');
  return n;
}
export function parseMinutes(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 60) throw new InvalidArgumentError('must be a number of minutes from 0 to 1440');
  return n;
}
export function parseUrl(v: string): string {
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return v;
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
}

/** Bad input found by incloud itself (exit 2). */
export class InputError extends Error {}

/** An organization scan id: it names Redis keys and job ids. */
export function parseScanId(v: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,47}$/.test(v)) throw new InputError(`--scan-id ${v}: use 1-48 letters, digits, "." or "-"`);
  return v;
}
