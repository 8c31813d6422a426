import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { format, gateJunit, gateMarkdown, runGateCheck, type CheckResult } from '../gate/gate.ts';
import { defaultWorkers } from '../workloads/runJobs.ts';
import { parseRuns } from './options.ts';
import { loadGateConfig } from '../gate/gateConfig.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';

/** Registers `gate`: the CI regression gate. Exit 0 every check holds, 1 one fails, 2 bad config. */
export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('CI regression gate: run each configured check and hold its rates to their limits (exit 1 when one fails).')
    .option('--config <file>', 'gate config', 'racesim.gate.yaml')
    .option('--summary <file>', 'Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)', 'reports/gate/summary.md')
    .option('--junit <file>', 'JUnit XML', 'reports/gate/junit.xml')
    .option('--workers <n>', 'worker threads (default: the number of cores); results are identical for any n')
    .action(async (flags: { config: string; summary: string; junit: string; workers?: string }) => {
      const checks = loadGateConfig(flags.config);
      const workers = flags.workers === undefined ? defaultWorkers() : parseRuns(flags.workers, '--workers');
      const results: CheckResult[] = [];
      for (const check of checks) {
        const result = await runGateCheck(check, flags.config, workers);
        for (const l of result.limits) {
          console.log(`${l.holds ? 'ok  ' : 'FAIL'} ${check.name}: ${l.limit} measured ${format(l.measured)} (limit ${format(l.bound)})`);
        }
        if (!result.passed) console.log(`     replay: ${result.replay}`);
        results.push(result);
      }
      const summary = gateMarkdown(results);
      writeFileAtomic(flags.summary, summary);
      writeFileAtomic(flags.junit, gateJunit(results));
      if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary);
      const failed = results.filter((r) => !r.passed).length;
      console.log(`\ngate: ${results.length - failed} of ${results.length} checks hold; summary ${flags.summary}, JUnit ${flags.junit}`);
      process.exitCode = failed ? 1 : 0;
    });
}
