import type { ScheduledEvent } from './eventQueue.ts';
import type { RandomStream } from './random.ts';

/**
 * Chooses which of several events due at the same virtual millisecond runs next (after fast-check's
 * TaskSelector). The scheduler is one; FIFO, random, PCT, exhaustive and replay are selectors.
 */
export interface TaskSelector {
  readonly name: string;
  /** `ready` holds every event due now, in insertion order (length ≥ 2). Returns the index of the one to run. */
  select(ready: readonly ScheduledEvent[]): number;
}

/** Insertion order: the default, and the only selector that leaves the scheduler on its fast path. */
export const fifoSelector: TaskSelector = { name: 'fifo', select: () => 0 };

/** Uniformly random among the ready events, drawn from its own stream so other draws are unaffected. */
export function randomSelector(stream: RandomStream): TaskSelector {
  return { name: 'random', select: (ready) => stream.int(0, ready.length - 1) };
}

/**
 * Replays recorded choices: the i-th tie is resolved with `choices[i]`; ties past the end of the list
 * take FIFO. `choices` is what a recording selector captured, so a found ordering replays exactly.
 */
export function replaySelector(choices: readonly number[]): TaskSelector {
  let tie = 0;
  return {
    name: 'replay',
    select: (ready) => {
      const choice = tie < choices.length ? choices[tie] : 0;
      tie++;
      return Math.min(choice, ready.length - 1);
    },
  };
}

/** Wraps a selector and records each choice, so the ordering it produced can be replayed with `replaySelector`. */
export function recordingSelector(inner: TaskSelector): TaskSelector & { readonly choices: number[] } {
  const choices: number[] = [];
  return {
    name: inner.name,
    choices,
    select: (ready) => {
      const choice = inner.select(ready);
      choices.push(choice);
      return choice;
    },
  };
}

/**
 * PCT (probabilistic concurrency testing, Burckhardt et al.): every label gets a random priority when
 * first seen and the highest-priority ready event runs; at `depth - 1` random tie indexes the running
 * label drops below all others. Finds bugs of depth d with probability ≥ 1/(n·k^(d-1)).
 */
export function pctSelector(stream: RandomStream, depth: number, expectedTies: number): TaskSelector {
  const priority = new Map<string, number>();
  const changePoints = new Set<number>();
  for (let i = 1; i < depth; i++) changePoints.add(stream.int(0, Math.max(0, expectedTies - 1)));
  let lowest = 0;
  let tie = 0;
  const priorityOf = (label: string) => {
    let p = priority.get(label);
    if (p === undefined) {
      p = 1 + stream.next();
      priority.set(label, p);
    }
    return p;
  };
  return {
    name: 'pct',
    select: (ready) => {
      let best = 0;
      for (let i = 1; i < ready.length; i++) if (priorityOf(ready[i].label) > priorityOf(ready[best].label)) best = i;
      if (changePoints.has(tie++)) priority.set(ready[best].label, (lowest -= 1));
      return best;
    },
  };
}
