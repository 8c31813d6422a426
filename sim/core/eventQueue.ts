/**
 * A binary min-heap of scheduled events ordered by (time, seq). `seq` is the insertion counter, so two
 * events due at the same virtual millisecond pop in the order they were scheduled: ties never depend on
 * heap layout, hashing or anything outside the simulation.
 */
export interface ScheduledEvent {
  /** Virtual time in ms since the Unix epoch (UTC) at which the event is due. */
  readonly time: number;
  /** Insertion sequence number; unique within one queue. */
  readonly seq: number;
  /** Who or what the event belongs to, e.g. `A:check_availability` or `calcom:webhook`. Used by task selectors and traces. */
  readonly label: string;
  /** What the event does: `run`, or else resume `proc` (a process's wait, without a closure per wait). */
  readonly run: (() => void) | null;
  readonly proc: Generator<unknown, unknown, unknown> | null;
}

export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, label: string, run: (() => void) | null, proc: ScheduledEvent['proc'] = null): ScheduledEvent {
    const event: ScheduledEvent = { time, seq: this.nextSeq++, label, run, proc };
    this.pushEvent(event);
    return event;
  }

  /** Re-inserts an event that was popped but not run (keeps its original seq, so its tie order is unchanged). */
  pushEvent(event: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right], heap[left]) ? right : left;
      if (!before(heap[child], last)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
