import cliProgress from 'cli-progress';

/**
 * A progress bar with calls/s and ETA, on stderr, for runs longer than a second. Silent when stderr is
 * not a terminal or with --quiet. Reads the wall clock: it reports on the simulator, it is not part of it.
 */
export function progressReporter(totalRuns: number, quiet: boolean | undefined): { update(done: { runs: number; calls: number }): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now(); // wall-clock-ok: progress display only
  let bar: cliProgress.SingleBar | undefined;
  return {
    update({ runs, calls }) {
      const elapsed = (Date.now() - started) / 1000; // wall-clock-ok: progress display only
      if (!bar && elapsed < 1) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: '{bar} {value}/{total} runs | {rate} calls/s | ETA {eta_formatted}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(totalRuns, 0, { rate: 0 });
      }
      bar.update(runs, { rate: Math.round(calls / elapsed) });
    },
    stop() {
      bar?.stop();
    },
  };
}
