import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { quote, readInputFile } from '../inputError.ts';
import { YamlSource } from '../scenario/yamlSource.ts';
import { magnitude, runs, seed } from '../scenario/ranges.ts';
import { checkSeedRange } from '../limits.ts';
import { parseProperty, propertyProblem } from '../checkers/properties.ts';
import { defaultSystemRef, profileNames, systemOfRef, type ProfileName, type SystemRef } from '../systems/registry.ts';
import { parseWorkload } from '../workloads/workload.ts';

/** Reads a file a gate config names (a workload, a stack file): from disk, or from a partial's inputs on merge. */
export type ReadInput = (path: string, what: string) => string;

/**
 * The limits a gate check can set. A rate limit holds the upper end of the rate's 95 % Wilson interval
 * (so a check passes only when its sample is large enough to show the limit); `…Upper` is the same limit
 * under its older name. `StaleAvailable` is the headline (direct answers and offered alternatives
 * together); `StaleDirect` and `StaleAlternatives` bound each part over its own denominator.
 * `WrongSlotConflict` bounds rejections caused by the code's UTC `H:i` matching over booking attempts,
 * `WrongSlotFalseUnavailable` the false "unavailable" answers it causes over availability answers.
 */
export const rateLimitNames = [
  'maxConflictRate',
  'maxStaleAvailableRate',
  'maxStaleDirectRate',
  'maxStaleAlternativesRate',
  'maxWrongSlotConflictRate',
  'maxWrongSlotFalseUnavailableRate',
] as const;
export type RateLimitName = (typeof rateLimitNames)[number];
export const limitNames = [...rateLimitNames.flatMap((name) => [name, `${name}Upper`] as const), 'maxKeysForgottenPerBooking'] as const;
export type LimitName = RateLimitName | `${RateLimitName}Upper` | 'maxKeysForgottenPerBooking';

/** The rate limit a name stands for, its `…Upper` alias read as the limit itself. */
export const rateLimitOf = (limit: Exclude<LimitName, 'maxKeysForgottenPerBooking'>): RateLimitName => limit.replace(/Upper$/, '') as RateLimitName;

/** `maxViolatingRunRate: { property, limit }`: the share of runs in which a property checker is not valid. */
export interface PropertyLimit {
  /** The checker's name, e.g. `no-stale-after 1000`. */
  readonly property: string;
  readonly limit: number;
}

export interface GateCheck {
  readonly name: string;
  /** Resolved against the config file's folder. */
  readonly workload: string;
  /** As written in the config, for the replay command. */
  readonly workloadAsWritten: string;
  /** A variant of the check's system: askproai's, or the stack file's own. */
  readonly fix: string;
  readonly profile?: ProfileName;
  /** The system the check runs: a stack the check or its workload names (with the text read), else askproai. */
  readonly system: SystemRef;
  /** The stack file as the config wrote it, for the replay command. */
  readonly stackAsWritten?: string;
  readonly runs: number;
  readonly seed: number;
  readonly limits: Partial<Record<LimitName, number>>;
  /** Properties checked in every run, each with the highest share of runs that may break it. */
  readonly propertyLimits: readonly PropertyLimit[];
}

const propertyLimitSchema = z.strictObject({ property: z.string().min(1), limit: z.number().min(0).max(1) });
const checkSchema = z.strictObject({
  name: z.string().min(1),
  workload: z.string().min(1),
  stack: z.string().min(1).optional(),
  fix: z.string().min(1),
  profile: z.enum(profileNames).optional(),
  runs,
  seed,
  limits: z.strictObject({
    ...(Object.fromEntries(limitNames.map((n) => [n, magnitude.optional()])) as Record<LimitName, z.ZodOptional<z.ZodNumber>>),
    maxViolatingRunRate: z.union([propertyLimitSchema, z.array(propertyLimitSchema).min(1)]).optional(),
  }),
});
const gateSchema = z.strictObject({ checks: z.array(checkSchema).min(1) });

export function loadGateConfig(path: string): GateCheck[] {
  return parseGateConfig(readInputFile(path, 'gate config'), path);
}

/** Checks are judged by name (states, summary, JUnit), so two checks with one name would share one result: refused. */
export function parseGateConfig(text: string, path: string, read: ReadInput = readInputFile): GateCheck[] {
  const source = YamlSource.parse(text, path);
  const config = source.parseWith(gateSchema);
  const names = new Set<string>();
  return config.checks.map((check, i) => {
    if (names.has(check.name)) throw source.error(['checks', i, 'name'], `a second check named ${quote(check.name)}; expected unique names`);
    names.add(check.name);
    if (Object.keys(check.limits).length === 0) throw source.error(['checks', i, 'limits'], `no limit set; expected at least one of ${limitNames.join(', ')}, maxViolatingRunRate`);
    const seedProblem = checkSeedRange(check.seed, check.runs);
    if (seedProblem) throw source.error(['checks', i, 'seed'], seedProblem);
    const { maxViolatingRunRate, ...limits } = check.limits;
    const propertyLimits = [maxViolatingRunRate ?? []].flat().map((entry, j): PropertyLimit => {
      const at = ['checks', i, 'limits', 'maxViolatingRunRate', ...(Array.isArray(maxViolatingRunRate) ? [j] : []), 'property'];
      const problem = propertyProblem(entry.property);
      if (problem) throw source.error(at, problem);
      return { property: parseProperty(entry.property, at.join('.')).name, limit: entry.limit };
    });
    const workload = resolve(dirname(path), check.workload);
    const system = checkSystem(source, i, check, { workload, stack: check.stack && resolve(dirname(path), check.stack) }, read);
    const { stack: stackAsWritten, ...rest } = check;
    return { ...rest, limits, propertyLimits, workload, workloadAsWritten: check.workload, system, ...(stackAsWritten ? { stackAsWritten } : {}) };
  });
}

/**
 * The system a check runs (its `stack:`, else its workload's `system:`/`stack:`, else askproai), with its
 * `fix` and `profile` checked against that system: a stack has its own variants and no profiles.
 */
function checkSystem(source: YamlSource, i: number, check: { fix: string; profile?: string }, files: { workload: string; stack?: string }, read: ReadInput): SystemRef {
  const stackFile = files.stack ?? parseWorkload(read(files.workload, 'workload file'), files.workload).stackFile;
  const system: SystemRef = stackFile ? { name: 'stack', stack: { file: stackFile, text: read(stackFile, 'stack file') } } : defaultSystemRef;
  const variants = systemOfRef(system).variants.map((v) => v.name);
  if (!variants.includes(check.fix)) throw source.error(['checks', i, 'fix'], `${quote(check.fix)} is not a variant of ${stackFile ? 'the stack' : 'askproai'}; expected one of ${variants.join(', ')}`);
  if (stackFile && check.profile !== undefined) throw source.error(['checks', i, 'profile'], 'the stack system has no profiles; its stack file is its only version');
  return system;
}
