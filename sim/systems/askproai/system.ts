import { calendarFor } from '../../core/zonedTime.ts';
import type { WorldConfig } from '../../worldConfig.ts';
import type { BuiltSystem, SystemEnvironment, SystemPlugin } from '../systemPlugin.ts';
import { AskProAiApp } from './app.ts';
import { emptyAppStats } from './appContext.ts';
import { isLayer2Key, keyKind } from './keys.ts';
import { freeSlotsInCacheEntry, isGenerationKey, isVersionedKey } from './cacheValues.ts';
import { CalcomClient } from './calcomClient.ts';
import { choicesOf } from './fixVariant.ts';
import type { ProfileName } from './catalog.ts';
import { sharedForgetLists } from './invalidation.ts';
import { profiles } from './profiles.ts';
import { variants } from './variants.ts';
import { variantFor } from './composeVariants.ts';

/** The TTLs a world and variant give the two layers: the world's, overridden where the variant sets its own. */
function ttlsOf(world: WorldConfig, variant: string): { readonly layer1: number; readonly layer2: number } {
  return { ...world.ttlSeconds, ...variantFor(variant).ttlSeconds };
}

function build(env: SystemEnvironment): BuiltSystem {
  const variant = variantFor(env.variant);
  const profile = profiles[env.profile as ProfileName];
  const stats = emptyAppStats();
  const app = new AskProAiApp({
    world: env.config,
    profile,
    variant,
    ttlSeconds: ttlsOf(env.config, env.variant),
    defer: (delayMs, label, process) => env.spawn(env.clock.now + delayMs, label, process),
    store: env.store,
    calcom: env.calcom,
    calcomNetwork: env.network,
    calcomClient: new CalcomClient(env.network, env.clock, (line) => env.note(line), env.tracing, profile.circuitBreaker),
    cacheFaults: env.streams.stream('faults.cache'),
    coalesceJitter: env.streams.stream('coalesce.jitter'),
    calendar: env.calendar,
    appCalendar: calendarFor(env.config.appTimezone),
    clock: env.clock,
    stats,
    forgetLists: sharedForgetLists(env.config, env.profile, env.variant),
    tracing: env.tracing,
    note: (line) => env.note(line),
    deferredBooking: (event) => env.deferredBooking(event),
  });
  return {
    app,
    stats: () => ({
      hits: { layer1: stats.layer1Hits, layer2: stats.layer2Hits },
      misses: { layer1: stats.layer1Misses, layer2: stats.layer2Misses },
      keysForgotten: stats.keysForgotten,
      invalidations: stats.invalidations,
      ...(stats.toldBooked ? { deferredBookings: { toldBooked: stats.toldBooked, laterFailed: stats.toldBookedLaterFailed } } : {}),
    }),
  };
}

/** The AskProAI voice agent's booking app: Layer 2 (`cal_slots_…`) in front of Layer 1 (`calcom:slots:…`) in front of Cal.com. */
export const askproaiSystem: SystemPlugin = {
  name: 'askproai',
  summary: 'The AskProAI voice agent (Laravel) in front of Cal.com: two availability cache layers and the Phase A+ invalidation',
  profiles: Object.values(profiles).map(({ name, summary }) => ({ name, summary })),
  variants: Object.values(variants).map((variant) => {
    const { name, summary, family, origin } = variant;
    return { name, summary, family, ...(origin ? { origin } : {}), choices: choicesOf(variant) };
  }),
  layers(world, variant) {
    const ttl = ttlsOf(world, variant);
    return [
      { name: 'layer2', title: 'Layer 2', label: `Layer 2 (cal_slots, ${ttl.layer2} s)`, ttlSeconds: ttl.layer2 },
      { name: 'layer1', title: 'Layer 1', label: `Layer 1 (calcom:slots, ${ttl.layer1} s)`, ttlSeconds: ttl.layer1 },
    ];
  },
  keyKind,
  classifyKey: (key) => (isLayer2Key(key) ? 'layer2' : key.startsWith('calcom:slots:') ? 'layer1' : null),
  entries: { freeSlots: freeSlotsInCacheEntry, isGenerationKey, isVersionedKey },
  checkVariant: (name, option) => void variantFor(name, option),
  callerZoneProblem(profile, callersZone, world) {
    if (profile === 'seed' || callersZone === world.callerTimezone) return null;
    return (
      `the ${profile} profile takes a caller's spoken time in ${world.callerTimezone} (DateTimeParser and the handlers' Europe/Berlin), not ${callersZone}; ` +
      `move the scenario to ${world.callerTimezone}, or set world.callerTimezone: ${callersZone} to say the app was configured so`
    );
  },
  build,
};
