import { EventQueue, type ScheduledEvent } from './eventQueue.ts';
import { fifoSelector, type TaskSelector } from './taskSelector.ts';

/**
 * What a simulated process may yield: a number is a wait of that many virtual ms (0 = let every other
 * event due now run first); a Promise is a reply from an asynchronous store (ioredis-mock), which the
 * driver awaits before anything else runs, so no order ever depends on when a promise settles.
 */
export type Wait = number | Promise<unknown>;

/** A simulated process: a generator that yields waits and is resumed by the scheduler. */
export type Process<T = void> = Generator<Wait, T, unknown>;

interface Blocked {
  readonly proc: Process<unknown>;
  readonly label: string;
  readonly reply: Promise<unknown>;
}

/**
 * The virtual clock and the scheduler. Every wait of every process is an event on one queue ordered by
 * (time, insertion sequence); ties at the same millisecond go to the injected TaskSelector.
 */
export class Simulation {
  /** Virtual time in ms since the Unix epoch (UTC). Only the scheduler moves it. */
  now: number;
  /** Number of events run so far. */
  tick = 0;
  private sequence = 0;
  /** Label of the event running now (`A#2`, `webhook:booking-1`, …), so traces can say who did what. */
  label = '';
  private readonly queue = new EventQueue();
  private blocked: Blocked | null = null;
  private readonly ready: ScheduledEvent[] = [];

  constructor(
    startMs: number,
    private readonly selector: TaskSelector = fifoSelector,
    /**
     * Exhaustive exploration only: events are due at the start of their window of this many ms, so
     * everything within one window is a tie the selector orders (as if those delays were free). 0 = off.
     */
    private readonly tieWindowMs = 0,
  ) {
    this.now = startMs;
  }

  /**
   * A logical timestamp, strictly increasing across everything that happens in the run, also within one
   * event: orders answers against Cal.com's acceptances for the ground-truth oracle.
   */
  order(): number {
    return ++this.sequence;
  }

  /** Runs `run` at virtual time `at` (never earlier than now). */
  at(at: number, label: string, run: () => void): void {
    this.queue.push(this.dueTime(at), label, run);
  }

  /** Starts `proc` at virtual time `at`. */
  spawn(at: number, label: string, proc: Process<unknown>): void {
    this.queue.push(this.dueTime(at), label, null, proc);
  }

  private dueTime(at: number): number {
    const due = this.tieWindowMs > 0 ? at - (at % this.tieWindowMs) : at;
    return Math.max(due, this.now);
  }

  /** Runs every event until the queue is empty. Throws if a process waits on an asynchronous store. */
  run(): void {
    while (this.step()) {
      if (this.blocked) throw new Error('a process waited on an asynchronous store: use runAsync()');
    }
  }

  /** Like run(), for worlds whose store answers with promises (ioredis-mock). */
  async runAsync(): Promise<void> {
    while (this.step()) {
      while (this.blocked) {
        const { proc, label, reply } = this.blocked;
        this.blocked = null;
        this.resume(proc, label, await reply);
      }
    }
  }

  private step(): boolean {
    const event = this.selector === fifoSelector ? this.queue.pop() : this.popSelected();
    if (!event) return false;
    this.now = event.time;
    this.tick++;
    this.label = event.label;
    if (event.proc) this.resume(event.proc as Process<unknown>, event.label, undefined);
    else event.run!();
    return true;
  }

  private popSelected(): ScheduledEvent | undefined {
    const first = this.queue.pop();
    if (!first) return undefined;
    const next = this.queue.peek();
    if (!next || next.time !== first.time) return first;
    const ready = this.ready;
    ready.length = 0;
    ready.push(first);
    while (this.queue.peek()?.time === first.time) ready.push(this.queue.pop()!);
    const chosen = this.selector.select(ready);
    for (let i = 0; i < ready.length; i++) if (i !== chosen) this.queue.pushEvent(ready[i]);
    return ready[chosen];
  }

  /** Runs `proc` until its next wait; it keeps the label it has now (a process may rename itself via `label`). */
  private resume(proc: Process<unknown>, label: string, value: unknown): void {
    this.label = label;
    const r = proc.next(value);
    if (r.done) return;
    const wait = r.value;
    const current = this.label;
    if (typeof wait === 'number') {
      this.spawn(this.now + wait, current, proc);
    } else {
      this.blocked = { proc, label: current, reply: wait };
    }
  }
}

/**
 * Drives a process that only waits on store replies (never on virtual time) to completion, outside
 * any simulation: for contract tests and cost measurements against a store.
 */
export async function settle<T>(proc: Process<T>): Promise<T> {
  let value: unknown;
  for (;;) {
    const r = proc.next(value);
    if (r.done) return r.value;
    if (typeof r.value === 'number') throw new Error('settle(): the process waited on virtual time');
    value = await r.value;
  }
}
