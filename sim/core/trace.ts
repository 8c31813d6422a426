import { createHash } from 'node:crypto';
import { lineOf, type HistoryEvent, type NewEvent } from './history.ts';

/**
 * The record of one run: its typed history and, derived from it, one canonical text line per event.
 * `traceHash` is the sha256 of the lines joined by "\n"; equal inputs and seed give equal hashes on any
 * machine.
 */
export interface Trace {
  /** False for Monte Carlo runs that only need metrics; callers skip building events then. */
  readonly enabled: boolean;
  /** Records an event of process `by` at `time`; returns its id (-1 when disabled). */
  record(time: number, by: string, event: NewEvent): number;
}

export const disabledTrace: Trace = { enabled: false, record: () => -1 };

export class RecordingTrace implements Trace {
  readonly enabled = true;
  readonly events: HistoryEvent[] = [];
  readonly lines: string[] = [];
  record(time: number, by: string, event: NewEvent): number {
    const id = this.events.length;
    const full = { ...event, id, at: time, by } as HistoryEvent;
    this.events.push(full);
    const line = lineOf(full);
    if (line !== null) this.lines.push(`${time} ${by} ${line}`);
    return id;
  }
  hash(): string {
    return traceHash(this.lines);
  }
}

export function traceHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
