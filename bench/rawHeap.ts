/**
 * The floor the scheduler is measured against: a binary heap of (time, seq) pairs in typed arrays, with
 * a loop that does nothing but pop the earliest event and push a later one. No processes, no labels.
 */
export function rawHeapLoop(events: number, concurrent: number, deltas: Float64Array): number {
  const time = new Float64Array(concurrent);
  const seq = new Float64Array(concurrent);
  let size = 0;
  let nextSeq = 0;
  const less = (i: number, j: number) => time[i] < time[j] || (time[i] === time[j] && seq[i] < seq[j]);
  const swap = (i: number, j: number) => {
    const t = time[i];
    time[i] = time[j];
    time[j] = t;
    const s = seq[i];
    seq[i] = seq[j];
    seq[j] = s;
  };
  const push = (t: number) => {
    let i = size++;
    time[i] = t;
    seq[i] = nextSeq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = () => {
    const t = time[0];
    size--;
    time[0] = time[size];
    seq[0] = seq[size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && less(r, l) ? r : l;
      if (!less(c, i)) break;
      swap(c, i);
      i = c;
    }
    return t;
  };
  for (let p = 0; p < concurrent; p++) push(deltas[p % deltas.length]);
  let done = 0;
  while (done < events) {
    const now = pop();
    push(now + deltas[done % deltas.length]);
    done++;
  }
  return done;
}
