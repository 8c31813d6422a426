import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { appFiles } from '../conform/appCheckout.ts';
import { conformScenario, drivenClasses, type ScenarioConformance } from '../conform/conform.ts';
import { driverLimits } from '../conform/driverLimits.ts';
import { phpMissing } from '../conform/phpWorker.ts';
import { InputError } from '../inputError.ts';
import { racesimFile } from '../racesimRoot.ts';
import { loadScenarioFile } from '../scenario/loadScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { defaultSystem } from '../systems/registry.ts';
import { parseProfile, parseSeed, parseVariant } from './options.ts';
import { renderTable } from './table.ts';

interface ConformFlags {
  readonly app: string;
  readonly commit?: string;
  readonly scenario?: string;
  readonly fix?: string;
  readonly profile?: string;
  readonly seed: string;
  readonly json?: boolean;
}

/** Registers `conform`: the application's own PHP classes against the model, scenario by scenario. */
export function registerConformCommand(program: Command): void {
  program
    .command('conform')
    .description(
      'Run the application\'s own PHP classes (CalcomService, AppointmentAlternativeFinder, CircuitBreaker) on racesim\'s clock, ' +
        'store and fake Cal.com for every step of the scenarios, and say per step where the model and the code disagree: ' +
        'cache keys read and written with TTLs, Cal.com requests, keys a clear forgets, the answer. Needs php 8.2+ and ' +
        'Debian\'s php-laravel-framework. Exit 1 on any difference.',
    )
    .requiredOption('--app <path>', 'a checkout (or clone) of the application; racesim only reads it')
    .option('--commit <rev>', 'check this commit of the checkout\'s repository (extracted with git archive) instead of its working files')
    .option('--scenario <file|dir>', 'a scenario file, or a folder of them (default: racesim\'s scenarios/askproai/)')
    .option('--fix <variant>', 'the model\'s variant to check against (default: the variant whose origin is --commit)')
    .option('--profile <name>', 'overrides each scenario\'s profile (default: the scenario\'s; a seed-profile scenario runs on the code\'s profile)')
    .option('--seed <n>', 'seed of both runs', '1')
    .option('--json', 'print JSON')
    .action(async (flags: ConformFlags) => {
      const fix = variantFor(flags);
      const scenarios = scenariosOf(flags.scenario ?? racesimFile('scenarios/askproai'));
      const missing = phpMissing();
      if (missing) throw new InputError(missing);
      const app = appFiles(flags.app, flags.commit);
      try {
        const options = { appDir: app.dir, fix, profile: parseProfile(flags.profile), seed: parseSeed(flags.seed) };
        const classes = await drivenClasses(app.dir);
        const results: ScenarioConformance[] = [];
        for (const scenario of scenarios) results.push(await conformScenario(scenario, options));
        const differing = results.reduce((n, r) => n + r.steps.filter((s) => s.differences.length > 0).length, 0);
        const report = { app: flags.app, commit: flags.commit ?? null, fix, seed: options.seed, classes, limits: driverLimits, scenarios: results, differing };
        if (flags.json) console.log(JSON.stringify(report, null, 2));
        else console.log(renderReport(report));
        process.exitCode = differing > 0 ? 1 : 0;
      } finally {
        app.dispose();
      }
    });
}

/** `--fix`, or the variant whose origin is `--commit`; one of them is needed. */
function variantFor(flags: ConformFlags): string {
  if (flags.fix !== undefined) return parseVariant(flags.fix);
  const commit = flags.commit;
  const match = commit && defaultSystem.variants.find((v) => v.origin && (v.origin.commit.startsWith(commit) || commit.startsWith(v.origin.commit)));
  if (match) return match.name;
  throw new InputError(`--fix: name the model's variant to check against${commit ? ` (no variant's origin is commit ${commit})` : ' (or give --commit of a variant\'s origin)'}`);
}

/** A scenario file, or every `.yaml` in a folder in name order; scenarios of other systems are refused. */
function scenariosOf(path: string): Scenario[] {
  if (!existsSync(path)) throw new InputError(`--scenario: ${path} does not exist`);
  const files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(path, f)) : [path];
  if (files.length === 0) throw new InputError(`--scenario: ${path} holds no .yaml scenario files`);
  return files.map((file) => {
    const scenario = loadScenarioFile(file);
    if (scenario.system && scenario.system !== defaultSystem.name) throw new InputError(`${file}: system ${scenario.system}: conform checks the ${defaultSystem.name} model only`);
    return scenario;
  });
}

interface Report {
  readonly app: string;
  readonly commit: string | null;
  readonly fix: string;
  readonly seed: number;
  readonly classes: readonly { readonly name: string; readonly status: string }[];
  readonly scenarios: readonly ScenarioConformance[];
  readonly differing: number;
}

function renderReport(report: Report): string {
  const head = [
    `racesim conform: ${report.app}${report.commit ? ` at ${report.commit}` : ''} against the model's variant ${report.fix}, seed ${report.seed}`,
    ...report.classes.map((c) => `  ${c.name}: ${c.status}`),
  ];
  const tables = report.scenarios.map(renderScenario);
  const steps = report.scenarios.flatMap((r) => r.steps);
  const notCompared = steps.filter((s) => s.notCompared).length;
  const summary = `${steps.length - report.differing - notCompared} of ${steps.length} processes in ${report.scenarios.length} scenarios agree; ${report.differing} differ; ${notCompared} not compared.`;
  return [head.join('\n'), ...tables, summary].join('\n\n');
}

function renderScenario(result: ScenarioConformance): string {
  const rows = result.steps.flatMap((step) => {
    const first = [step.process, step.action];
    if (step.notCompared) return [[...first, `not compared: ${step.notCompared}`]];
    if (step.differences.length === 0) return [[...first, 'same']];
    return step.differences.map((d, i) => [...(i === 0 ? first : ['', '']), `differs: ${d.aspect}: model ${d.model}; code ${d.code}`]);
  });
  return `${result.name} (${result.file}), profile ${result.profile}\n${renderTable(['process', 'action', 'verdict'], rows)}`;
}
