import { InputError } from '../inputError.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { defaultSystemRef, systemOfRef, type SystemRef } from '../systems/registry.ts';
import type { WorldConfig } from '../worldConfig.ts';
import type { Progress } from './runJobs.ts';
import type { Workload } from './workload.ts';

export interface MeasureOptions {
  readonly workload: Workload;
  /** The system under test (the workload's, or --system/--stack); default askproai. */
  readonly system?: SystemRef;
  /** The system's own variant names (askproai's, composed ones included, or a stack file's). */
  readonly variants: readonly string[];
  readonly runs: number;
  /** Run i of every variant uses seed + i: the same callers for every variant (common random numbers). */
  readonly seed: number;
  readonly profile?: string;
  /** TTLs overriding the workload's, in seconds (`--ttl layer1=45,layer2=300`). */
  readonly ttlSeconds?: Partial<WorldConfig['ttlSeconds']>;
  /** The command line that reproduces the result, printed in every report. */
  readonly command: string;
  /** Called after every run with the calls simulated so far. */
  readonly onProgress?: Progress;
  /** Worker threads; 1 runs in this thread. The result is the same for any count. */
  readonly workers?: number;
  /** Properties to check every run with (`no-stale-available`), counted in the state's violatingRuns. */
  readonly properties?: readonly string[];
}

export const systemRefOf = (options: { readonly system?: SystemRef }): SystemRef => options.system ?? defaultSystemRef;
export const pluginOf = (options: { readonly system?: SystemRef }): SystemPlugin => systemOfRef(systemRefOf(options));

/** The profile runs use: --profile, else the workload's, else the system's first (askproai: seed). */
export function effectiveProfile(options: { readonly profile?: string; readonly system?: SystemRef }, workload: Workload): string {
  const profile = options.profile ?? workload.profile ?? pluginOf(options).profiles[0].name;
  const zoneProblem = pluginOf(options).callerZoneProblem?.(profile, workload.timezone, workload.world);
  if (zoneProblem) throw new InputError(`workload ${workload.name}: timezone: ${zoneProblem}`);
  return profile;
}

export function worldOf(workload: Workload, ttlSeconds?: Partial<WorldConfig['ttlSeconds']>): WorldConfig {
  return ttlSeconds ? { ...workload.world, ttlSeconds: { ...workload.world.ttlSeconds, ...ttlSeconds } } : workload.world;
}

/** `--shard i/n`: this part runs the run indices r with r mod n = i − 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The seeds a measurement runs: seed + r for r in 0..runs−1, or this shard's share of them. */
export function seedsOf(options: { readonly runs: number; readonly seed: number }, shard?: Shard): number[] {
  const seeds: number[] = [];
  for (let r = 0; r < options.runs; r++) if (!shard || r % shard.count === shard.index - 1) seeds.push(options.seed + r);
  return seeds;
}
