import type { CompareResult } from '../metrics/measurement.ts';
import { exampleFileName, replayCommand } from '../reports/compareReport.ts';
import { renderTimelineHtml } from '../reports/timeline.ts';
import { focusOnCall } from '../reports/timeline/focus.ts';
import { exampleRun } from '../workloads/exampleRun.ts';
import { effectiveProfile, systemRefOf, worldOf, type MeasureOptions } from '../workloads/measureOptions.ts';

/**
 * The timeline behind every example of a comparison: each example's run again with its history
 * (once per variant and seed), narrowed to the calls about the example call's slot. Keyed by file name.
 */
export function exampleTimelines(options: MeasureOptions, compare: CompareResult, replayPrefix: string): Map<string, string> {
  const files = new Map<string, string>();
  const config = worldOf(options.workload, options.ttlSeconds);
  const profile = effectiveProfile(options, options.workload);
  for (const [variant, m] of Object.entries(compare.variants)) {
    const runs = new Map<number, ReturnType<typeof exampleRun>>();
    // Several kinds often point at one call (a rejection, its cause): its page is drawn once.
    const pages = new Map<string, string>();
    for (const [kind, example] of Object.entries(m.examples)) {
      const page = `${example.seed}#${example.call}`;
      if (!pages.has(page)) {
        const description =
          `Call #${example.call} of seed ${example.seed} under ${variant}, the lowest seed of the comparison that shows it, ` +
          `with only the calls about that call's slot and the cache entries they touched; its answer opens pressed, what it rests on lit. Replay the whole run: ${replayCommand(replayPrefix, variant, example)}`;
        let whole = runs.get(example.seed);
        if (!whole) runs.set(example.seed, (whole = exampleRun({ workload: options.workload, config, system: systemRefOf(options), profile, variant }, example.seed, description)));
        pages.set(page, renderTimelineHtml([{ scenario: { ...whole.scenario, description }, run: focusOnCall(whole.run, example.call) }], { pressed: example.call }));
      }
      files.set(exampleFileName(variant, kind, 'html'), pages.get(page)!);
    }
  }
  return files;
}
