import { calendarFor } from '../../core/zonedTime.ts';
import { clip, InputError, quote } from '../../inputError.ts';
import type { BuiltSystem, SystemEnvironment, SystemPlugin } from '../systemPlugin.ts';
import { StackApp, type StackStats } from './stackApp.ts';
import type { StackDefinition } from './stackDefinition.ts';
import { freeSlotsInStackEntry, layerOfKey } from './stackKeys.ts';

export const STACK_SUMMARY = 'Any stack of cache layers in front of Cal.com, declared in a stack file (--stack FILE, stack: in a scenario)';

/** The one profile of a stack: the file as written. */
export const STACK_PROFILE = 'stack';

/** A stack file's stack as a system under test; `file` names it in results and messages. */
export function stackSystem(definition: StackDefinition, file: string): SystemPlugin {
  const variantOf = (name: string) => {
    const variant = definition.variants.find((v) => v.name === name);
    if (!variant) throw new InputError(`${clip(file)}: variants: no variant ${quote(name)}; expected one of ${definition.variants.map((v) => v.name).join(', ')}`);
    return variant;
  };
  const build = (env: SystemEnvironment): BuiltSystem => {
    const stats: StackStats = { hits: {}, misses: {}, keysForgotten: 0, invalidations: 0 };
    const app = new StackApp(definition, variantOf(env.variant), env, stats, calendarFor(env.config.appTimezone));
    return { app, stats: () => ({ ...stats, hits: { ...stats.hits }, misses: { ...stats.misses } }) };
  };
  return {
    name: 'stack',
    summary: `${definition.name} (${clip(file)}): ${definition.description ?? STACK_SUMMARY}`,
    profiles: [{ name: STACK_PROFILE, summary: `the stack as ${clip(file)} declares it` }],
    variants: definition.variants.map(({ name, summary }) => ({ name, summary })),
    layers: () =>
      definition.layers.map((layer) => ({
        name: layer.name,
        title: layer.name,
        label: `${layer.name} (${layer.key} keys per ${layer.tenant === 'none' ? 'event type' : layer.tenant}, ${layer.ttlSeconds} s)`,
        ttlSeconds: layer.ttlSeconds,
      })),
    classifyKey: (key) => layerOfKey(definition, key),
    entries: { freeSlots: freeSlotsInStackEntry, isGenerationKey: () => false, isVersionedKey: () => false },
    build,
  };
}
