// Text from AWS (names, tags, ARNs, error messages) reaches the terminal only through these
// functions: control characters (C0 but newline and tab, DEL, C1 with the ESC and CSI that
// start terminal sequences), bidirectional overrides and Unicode line separators are shown
// as \uXXXX instead of acting on the screen, so a resource name cannot clear the screen, set
// the window title, recolour text or reorder what is read.

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- likewise
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The text with every character that acts on a terminal made visible; newlines and tabs stay. */
export function visibleControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** A value that must stay on its line: newlines and tabs made visible too. */
export function oneLine(value: string): string {
  return value.replace(UNSAFE_OR_NEWLINE, visible);
}

/** One line of at most n characters; names and reasons from AWS cannot start a line of their own. */
export const clip = (s: string, n: number): string => {
  const line = oneLine(s);
  return line.length > n ? `${line.slice(0, n - 1)}…` : line;
};
