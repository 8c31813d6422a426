/** Maps virtual time to x: busy stretches at a readable scale, idle gaps squeezed to a marked break. */
export class CompressedAxis {
  readonly x = new Map<number, number>();
  readonly breaks: { x: number; ms: number }[] = [];
  readonly width: number;
  private static readonly PX_PER_MS = 0.05;
  private static readonly MAX_STRETCH_MS = 4000;
  private static readonly BREAK_PX = 50;
  private static readonly MIN_STEP_PX = 14;

  constructor(times: readonly number[]) {
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    let x = 0;
    sorted.forEach((t, i) => {
      if (i > 0) {
        const gap = t - sorted[i - 1];
        if (gap > CompressedAxis.MAX_STRETCH_MS) {
          this.breaks.push({ x: x + CompressedAxis.BREAK_PX / 2, ms: gap });
          x += CompressedAxis.BREAK_PX;
        } else x += Math.max(CompressedAxis.MIN_STEP_PX, gap * CompressedAxis.PX_PER_MS);
      }
      this.x.set(t, x);
    });
    this.width = x;
  }
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}
