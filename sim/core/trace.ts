import { createHash } from 'node:crypto';

/**
 * The trace of one run: one canonical text line per event. `traceHash` is the sha256 of the lines
 * joined by "\n"; equal inputs and seed must give equal hashes on any machine.
 */
export interface Trace {
  /** False for Monte Carlo runs that only need metrics; callers skip building lines then. */
  readonly enabled: boolean;
  record(time: number, line: string): void;
}

export const disabledTrace: Trace = { enabled: false, record: () => {} };

export class RecordingTrace implements Trace {
  readonly enabled = true;
  readonly lines: string[] = [];
  record(time: number, line: string): void {
    this.lines.push(`${time} ${line}`);
  }
  hash(): string {
    return traceHash(this.lines);
  }
}

export function traceHash(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
