// Names an attacker with write access to one account's tags and names can plant: terminal
// escape sequences, bidirectional overrides, line breaks that forge a verdict line, mentions,
// markdown and HTML. Shared by the tests of every output channel.

export const ESC = '\u001b';
export const CSI = '\u009b';

/** A fake "scan complete" line the tool must never print at the start of a line. */
export const FORGED_VERDICT = 'FAKE: scan complete, 0 findings';

export const HOSTILE_NAMES = {
  escapes: `web${ESC}[2J${ESC}[H${ESC}]0;pwned${'\u0007'}${ESC}[31m${FORGED_VERDICT}${ESC}[0m`,
  c1: `db${CSI}2J${CSI}31m red`,
  bidi: `invoice\u202Egpj.exe\u2066x\u2069`,
  newline: `app\n${FORGED_VERDICT}\r${FORGED_VERDICT}\u2028${FORGED_VERDICT}`,
  mention: 'ops @victim-admin @org/security-team',
  markdown: '[click](https://evil.example/x) ![img](https://evil.example/i.png) # heading',
  html: 'bastion <img src=x onerror=alert(1)><script>alert(2)</script>',
};

/** Characters that act on a terminal when printed raw. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const TERMINAL_ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
