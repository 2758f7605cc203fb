// Compact JSON as a sequence of string chunks, so a report of tens of megabytes is written
// piece by piece instead of being held as one string (and its copies) in memory. Objects are
// opened key by key; a long array yields one chunk per element; everything else is one chunk.
// Joined, the chunks equal JSON.stringify(value).

const LONG_ARRAY = 64;

/** An array whose elements are produced while it is written (read from disk, say), one chunk each. */
export class StreamedArray<T> {
  constructor(readonly items: Iterable<T>) {}
}

export function* jsonChunks(value: unknown): Generator<string> {
  if (value instanceof StreamedArray) {
    yield '[';
    let i = 0;
    for (const item of value.items as Iterable<unknown>) yield `${i++ ? ',' : ''}${JSON.stringify(item) ?? 'null'}`;
    yield ']';
    return;
  }
  if (Array.isArray(value) && value.length > LONG_ARRAY) {
    yield '[';
    for (let i = 0; i < value.length; i++) yield `${i ? ',' : ''}${JSON.stringify(value[i]) ?? 'null'}`;
    yield ']';
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* jsonChunks(v);
  }
  yield '}';
}
