/**
 * Walks the people in a prefix range in ordinal (display-name) order without
 * visiting the whole range: each distinct token's owners are already sorted, so
 * a k-way merge yields the first matches of a limited search in
 * O(tokens·log n + visited·log tokens).
 */

/**
 * Calls `visit` with each distinct owner in [start, end) in ascending order until
 * it returns false. `tokens` is sorted; within one token, `owners` ascend.
 */
export function mergeOwners(tokens: readonly string[], owners: Uint32Array, start: number, end: number, visit: (ordinal: number) => boolean): void {
  // One cursor per distinct token: [position, end of that token's run].
  const heads: number[] = [];
  const ends: number[] = [];
  for (let at = start; at < end; ) {
    const stop = runEnd(tokens, at, end);
    heads.push(at);
    ends.push(stop);
    at = stop;
  }
  const heap = heads.map((_, i) => i);
  const key = (c: number) => owners[heads[c]!]!;
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && key(heap[l]!) < key(heap[least]!)) least = l;
      if (r < heap.length && key(heap[r]!) < key(heap[least]!)) least = r;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  };
  for (let i = (heap.length >>> 1) - 1; i >= 0; i--) down(i);
  let last = -1;
  while (heap.length > 0) {
    const cursor = heap[0]!;
    const ordinal = key(cursor);
    if (ordinal !== last) {
      last = ordinal;
      if (!visit(ordinal)) return;
    }
    heads[cursor]!++;
    if (heads[cursor]! >= ends[cursor]!) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
}

/** End of the run of entries equal to tokens[at], by binary search. */
function runEnd(tokens: readonly string[], at: number, end: number): number {
  const token = tokens[at]!;
  let lo = at + 1;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid] === token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
