// Making values safe inside the HTML reports: escaped text, JSON inside a script element, and
// the Content-Security-Policy hash of an inline block. Shared by the account and organization pages.

import { createHash } from 'node:crypto';

export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

/** JSON safe inside <script type="application/json">: no "<", ">", "&" or line separators survive raw. */
export function jsonForScript(v: unknown): string {
  return escapeForScript(JSON.stringify(v));
}

export function escapeForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Content-Security-Policy source that allows exactly this inline block. */
export const cspHash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
