import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { racesimFile } from '../racesimRoot.ts';
import { InputError, quote, readInputFile } from '../inputError.ts';
import { checkSeedRange, limits } from '../limits.ts';
import { Option } from 'commander';
import { checkOutputPath } from '../reports/writeAtomic.ts';
import { defaultSystem, defaultSystemRef, profileNames, systemFor, systemNames, variantNames, type ProfileName, type SystemRef, type VariantName } from '../systems/registry.ts';
import type { Workload } from '../workloads/workload.ts';
import { storeKinds, type StoreKind } from '../stores/cacheStore.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';

/** Parsers for the options several commands share; each bad value is an InputError naming the option. */

/** A variant name of the default system, or several joined by `+` (`on+recheck`), composed axis by axis. */
export function parseVariant(value: string, option = '--fix'): VariantName {
  if ((variantNames as readonly string[]).includes(value)) return value as VariantName;
  if (!defaultSystem.checkVariant) throw new InputError(`${option}: unknown variant ${quote(value)}; expected one of ${variantNames.join(', ')} (racesim variants lists them)`);
  defaultSystem.checkVariant(value, option);
  return value as VariantName; // a composition: the system builds it from its name
}

export function parseVariantList(value: string, option = '--fix'): VariantName[] {
  return value.split(',').map((v) => parseVariant(v.trim(), option));
}

/** A comma list of a system's own variants (a stack file names its own). */
export function parseSystemVariant(name: string, system: SystemPlugin, option = '--fix'): string {
  const names = system.variants.map((v) => v.name);
  if (names.includes(name)) return name;
  throw new InputError(`${option}: the ${system.name} system has no variant ${quote(name)}; expected one of ${names.join(', ')}`);
}

export function parseSystemVariantList(value: string, system: SystemPlugin, option = '--fix'): string[] {
  return value.split(',').map((v) => parseSystemVariant(v.trim(), system, option));
}

export function parseProfile(value: string | undefined, option = '--profile'): ProfileName | undefined {
  if (value === undefined) return undefined;
  if ((profileNames as readonly string[]).includes(value)) return value as ProfileName;
  throw new InputError(`${option}: unknown profile ${quote(value)}; expected one of ${profileNames.join(', ')}`);
}

/** An integer option within [min, max]; the one parser of every integer a user types on the command line. */
export function parseInteger(value: string, option: string, min: number, max: number): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new InputError(`${option}: expected an integer from ${min} to ${max}, got ${quote(value)}`);
  return n;
}

export const parseSeed = (value: string, option = '--seed') => parseInteger(value, option, 0, limits.seed);

/** --runs: 1..limits.runs, and with the seed inside the exact integers so no two runs share one. */
export function parseRuns(value: string, option = '--runs', seed = 0): number {
  const runs = parseInteger(value, option, 1, limits.runs);
  const problem = checkSeedRange(seed, runs);
  if (problem) throw new InputError(`--seed: ${problem}`);
  return runs;
}

/** Runs of one command across variants (and gaps): at most limits.runs. */
export function checkTotalRuns(runs: number, times: number, what: string): void {
  if (runs * times > limits.runs) throw new InputError(`--runs: ${runs} runs × ${times} ${what} make ${runs * times} runs; expected at most ${limits.runs} per command`);
}

/** --workers: 1 and up, clamped to this machine's cores (more threads only cost memory), with a note saying so. */
export function parseWorkers(value: string | undefined): number {
  const cores = availableParallelism();
  if (value === undefined) return cores;
  const workers = parseInteger(value, '--workers', 1, limits.runs);
  if (workers <= cores) return workers;
  console.error(`racesim: --workers ${workers} is more than the ${cores} cores here; using ${cores}`);
  return cores;
}

export function parseStore(value: string, option = '--store'): StoreKind {
  if ((storeKinds as readonly string[]).includes(value)) return value as StoreKind;
  throw new InputError(`${option}: unknown store ${quote(value)}; expected one of ${storeKinds.join(', ')}`);
}

/** A file or folder racesim writes: given means non-empty (an empty --save "" must not silently save nothing). */
export function parseOutputPath(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new InputError(`${option}: expected a path, got an empty string`);
  if (value.length > 4096) throw new InputError(`${option}: expected a path of at most 4096 characters, got ${value.length}`);
  checkOutputPath(value, option); // a device or FIFO is refused before anything runs
  return value;
}

/** `--ttl layer1=45,layer2=300`: TTLs in seconds overriding the workload's, each 0..limits.durationMs. */
export function parseTtl(value: string | undefined, option = '--ttl'): { layer1?: number; layer2?: number } | undefined {
  if (value === undefined) return undefined;
  const ttl: { layer1?: number; layer2?: number } = {};
  for (const part of value.split(',')) {
    const m = /^(layer1|layer2)=(.*)$/.exec(part.trim());
    if (!m) throw new InputError(`${option}: expected layer1=<seconds>,layer2=<seconds>, got ${quote(part)}`);
    ttl[m[1] as 'layer1' | 'layer2'] = parseInteger(m[2], `${option} ${m[1]}`, 0, limits.durationMs / 1000);
  }
  return ttl;
}

/** The command line's choice of system under test. */
export interface SystemFlags {
  readonly system?: string;
  readonly stack?: string;
}

/** Whether the command line names the system (`--system` or `--stack`), overriding a file's own. */
export const namesSystem = (flags: SystemFlags): boolean => flags.system !== undefined || flags.stack !== undefined;

/** The system `--system`/`--stack` name (a stack file alone means the stack system), or undefined when neither is given. */
export function systemOfFlags(flags: SystemFlags): SystemPlugin | undefined {
  return namesSystem(flags) ? systemFor(flags.system ?? 'stack', flags.stack) : undefined;
}

/** The `--system`/`--stack` arguments of a reproduce line (for shellCommand), when the command line chose the system; else none. */
export function systemArgumentsOf(flags: SystemFlags, systemName: string): string[] {
  if (!namesSystem(flags)) return [];
  return flags.stack ? ['--system', systemName, '--stack', flags.stack] : ['--system', systemName];
}

/**
 * The system a workload runs on (a measurement, or one run of it): --system/--stack (a stack file alone means the stack system), else the
 * workload's `system:`/`stack:`. A stack's text is read once here (or taken from a partial's inputs).
 */
export function workloadSystem(flags: SystemFlags, workload: Workload, inputs?: Record<string, string>): SystemRef {
  const fromFlags = namesSystem(flags);
  const name = fromFlags ? (flags.system ?? 'stack') : (workload.system ?? defaultSystemRef.name);
  const file = fromFlags ? flags.stack : workload.stackFile;
  if (name !== 'stack') {
    systemFor(name, file); // a one-line InputError for an unknown name, or a stack file given to another system
    return { name };
  }
  if (file === undefined) throw new InputError('--stack: the stack system needs a stack file (--stack FILE, or stack: in the workload)');
  const text = inputs ? inputs[file] : readInputFile(file, 'stack file');
  if (typeof text !== 'string') throw new InputError(`merge: the partials hold no text of the stack file ${quote(file)}`);
  return { name, stack: { file, text } };
}

/** A variant of `system`: askproai's names (and its compositions), or another system's own. */
export function parseVariantOf(system: SystemPlugin | undefined, value: string, option = '--fix'): string {
  return system === undefined || system === defaultSystem ? parseVariant(value, option) : parseSystemVariant(value, system, option);
}

/** A system without profiles (a cache stack) refuses one: its stack file is its only version. */
export function refuseProfile(system: { readonly name: string }, given: string | undefined, option = '--profile'): void {
  if (given !== undefined) throw new InputError(`${option}: the ${system.name} system has no profiles; its stack file is its only version`);
}

/** `--system`, for a command whose system defaults to `defaultText` when the option is not given. */
export const systemOption = (defaultText: string) => new Option('--system <name>', `system under test (default: ${defaultText})`).choices([...systemNames]);

/** `--stack FILE`, the cache stack a command runs instead of askproai. */
export const stackOption = (help = 'stack file for --system stack (implies it); scenarios/stacks/ has examples') => new Option('--stack <file>', help);

/**
 * A default input path of racesim's own (`scenarios/workloads/app-analysis.yaml`): as written where the
 * working folder has it (racesim's checkout), else the copy racesim ships, relative to the working folder
 * (`node_modules/racesim/scenarios/…` in an app's repository).
 */
export function shippedDefault(path: string): string {
  if (existsSync(path)) return path;
  const shipped = racesimFile(path);
  return existsSync(shipped) ? relative(process.cwd(), shipped) : path;
}
