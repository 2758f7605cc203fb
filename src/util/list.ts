/** A comma-separated option value as its distinct non-empty items, in order. */
export function splitList(v: string): string[] {
  return [
    ...new Set(
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}
