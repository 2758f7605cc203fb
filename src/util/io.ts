// Where a front end writes: stdout, stderr, and whether stderr is a terminal (progress lines).

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  stream?: NodeJS.WritableStream;
}
