import { isDeepStrictEqual } from 'node:util';
import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { hi, ymd, ymdHis, calendarFor } from '../core/zonedTime.ts';
import type { Expectation, Scenario } from '../scenario/scenario.ts';
import { defaultWorld, type WorldConfig } from '../worldConfig.ts';

/**
 * Writes a scenario back in the scenario file format (what `racesim run` reads), with only the world
 * fields that differ from the defaults, one step per line. `allowImpossible` marks a scenario whose
 * slots may lie where no caller could ask (generated ones do, on purpose).
 */
export function scenarioToYaml(
  scenario: Scenario,
  extra: { profile?: string; system?: { readonly name: string; readonly stack: string }; allowImpossible?: boolean; expect: Record<string, readonly Expectation[]> },
): string {
  const calendar = calendarFor(scenario.timezone);
  const start = calendar.toLocal(scenario.startMs);
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  root.set('name', scenario.name);
  if (scenario.description) root.set('description', scenario.description);
  root.set('timezone', scenario.timezone);
  if (extra.profile) root.set('profile', extra.profile);
  if (extra.system) {
    root.set('system', extra.system.name);
    root.set('stack', extra.system.stack);
  }
  root.set('start', ymdHis(start));
  if (extra.allowImpossible) root.set('allowImpossible', true);
  const world = worldBlock(scenario.world);
  if (Object.keys(world).length) root.set('world', doc.createNode(world));
  const steps = new YAMLSeq();
  for (const step of scenario.steps) {
    const at = calendar.toLocal(step.atMs);
    const atText = ymd(at) === ymd(start) ? ymdHis(at).slice(11) : ymdHis(at);
    const node = doc.createNode({
      at: at.ms ? `${atText}.${String(at.ms).padStart(3, '0')}` : atText,
      caller: step.caller,
      action: step.action,
      slot: `${ymd(step.slot)} ${hi(step.slot)}`,
      ...(step.to === undefined ? {} : { to: `${ymd(step.to)} ${hi(step.to)}` }),
      ...serviceFields(scenario, step.service),
      ...(step.calcomLatencyMs === undefined ? {} : { calcomLatencyMs: step.calcomLatencyMs }),
      ...(step.via === undefined ? {} : { via: step.via }),
    }) as YAMLMap;
    node.flow = true;
    steps.items.push(node);
  }
  root.set('steps', steps);
  if (scenario.tieBreaks?.length) {
    const ties = doc.createNode(scenario.tieBreaks) as YAMLSeq;
    ties.flow = true;
    root.set('tieBreaks', ties);
  }
  const expect = new YAMLMap();
  for (const [variant, list] of Object.entries(extra.expect)) {
    const seq = new YAMLSeq();
    for (const e of list) {
      const node = doc.createNode(e) as YAMLMap;
      node.flow = true;
      seq.items.push(node);
    }
    expect.set(new Scalar(variant), seq);
  }
  root.set('expect', expect);
  return doc.toString({ lineWidth: 200, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}

/** company (and branch) for a step only when the world has several services. */
function serviceFields(scenario: Scenario, index: number): Record<string, unknown> {
  const { services } = scenario.world;
  if (services.length === 1) return {};
  const s = services[index];
  const sameCompany = services.filter((o) => o.company === s.company).length > 1;
  return sameCompany ? { company: s.company, branch: s.branch } : { company: s.company };
}

/** `value` without those of `optional` fields that hold their default: a block lists Cal.com's rules only when a world sets them. */
function omitDefaults<T extends object>(value: T, defaults: T, optional: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => !optional.includes(k as keyof T) || !isDeepStrictEqual(v, defaults[k as keyof T]))) as Partial<T>;
}

function worldBlock(world: WorldConfig): Record<string, unknown> {
  const block: Record<string, unknown> = {};
  const differs = <K extends keyof WorldConfig>(k: K) => !isDeepStrictEqual(world[k], defaultWorld[k]);
  if (differs('services')) block.services = world.services;
  if (differs('slotMinutes')) block.slotMinutes = world.slotMinutes;
  if (differs('businessHours')) {
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    block.businessHours = { open: hhmm(world.businessHours.open), close: hhmm(world.businessHours.close) };
  }
  if (differs('calcom')) block.calcom = omitDefaults(world.calcom, defaultWorld.calcom, ['hosts', 'eventTypes']);
  if (differs('webhooks')) block.webhooks = omitDefaults(world.webhooks, defaultWorld.webhooks, ['timeFormat', 'routes', 'senderIps']);
  if (differs('ttlSeconds')) block.ttl = world.ttlSeconds;
  if (differs('queueDelayMs')) block.queueDelayMs = world.queueDelayMs;
  if (differs('appTimezone')) block.appTimezone = world.appTimezone;
  if (differs('checkEndpoint')) block.checkEndpoint = world.checkEndpoint;
  if (differs('faults')) block.faults = Object.fromEntries(Object.entries(world.faults).filter(([k, v]) => v !== defaultWorld.faults[k as keyof WorldConfig['faults']]));
  return block;
}
