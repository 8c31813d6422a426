import { z } from 'zod';
import { quote, readInputFile } from '../../inputError.ts';
import { collidingNames, fileNameProblem } from '../../fileNames.ts';
import { durationSeconds } from '../../scenario/ranges.ts';
import { YamlSource, type FieldPath } from '../../scenario/yamlSource.ts';
import { keyKinds, tenancies, type ForgetRule, type ReadKey, type StackDefinition, type StackLayer, type StackRead } from './stackDefinition.ts';

const hoursAround = z.number().int().min(0).max(24);
const layerSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z][\w-]*$/, 'expected a name of letters, digits, _ and -, starting with a letter'),
  key: z.enum(keyKinds),
  tenant: z.enum(tenancies),
  ttlSeconds: durationSeconds,
  fill: z.enum(['next', 'upstream']),
  lock: z.boolean().optional(),
});
const readSchema = z.strictObject({
  layer: z.string(),
  key: z.union([z.enum(['slot', 'hour', 'day']), z.strictObject({ window: z.strictObject({ before: hoursAround, after: hoursAround }) })]),
});
const forgetSchema = z.strictObject({
  layer: z.string(),
  days: z.number().int().min(1).max(366),
  hours: z.string().optional(),
  tenants: z.enum(['booking', 'all']).optional(),
});
const variantSchema = z.strictObject({
  summary: z.string().optional(),
  onBooking: z.array(forgetSchema).max(64).optional(),
  onWebhook: z.array(forgetSchema).max(64).optional(),
});
const stackSchema = z.strictObject({
  system: z.literal('stack'),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  layers: z.array(layerSchema).min(1).max(16),
  reads: z.strictObject({ check: readSchema, alternatives: readSchema.optional() }),
  variants: z.record(z.string().min(1), variantSchema.nullable()),
});
type RawStack = z.output<typeof stackSchema>;

/** Reads and validates a stack file; any problem is an InputError naming the file, line and field. */
export function loadStackFile(path: string): StackDefinition {
  return parseStack(readInputFile(path, 'stack file'), path);
}

export function parseStack(text: string, file: string): StackDefinition {
  const source = YamlSource.parse(text, file);
  const raw = source.parseWith(stackSchema);
  const layers = resolveLayers(source, raw.layers);
  const layerIndex = (path: FieldPath, name: string) => {
    const index = layers.findIndex((l) => l.name === name);
    if (index < 0) throw source.error(path, `no layer ${quote(name)}; layers are ${layers.map((l) => l.name).join(', ')}`);
    return index;
  };
  const read = (path: FieldPath, r: RawStack['reads']['check']): StackRead => ({ layer: layerIndex([...path, 'layer'], r.layer), key: readKey(r.key) });
  const alternatives = raw.reads.alternatives && read(['reads', 'alternatives'], raw.reads.alternatives);
  if (alternatives?.key.kind === 'slot') {
    throw source.error(['reads', 'alternatives', 'key'], 'a slot entry holds only the asked slot to search; expected day, hour or { window: { before, after } }');
  }
  const rules = (variant: string, trigger: 'onBooking' | 'onWebhook', list: readonly z.output<typeof forgetSchema>[] = []) =>
    list.map((rule, i) => forgetRule(source, ['variants', variant, trigger, i], rule, layers, layerIndex, trigger));
  return {
    name: raw.name ?? file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, ''),
    description: raw.description,
    layers,
    reads: { check: read(['reads', 'check'], raw.reads.check), alternatives },
    variants: [...variantsOf(source)].map(([name, variant]) => ({
      name,
      summary: variant?.summary ?? describeVariant(variant),
      onBooking: rules(name, 'onBooking', variant?.onBooking),
      onWebhook: rules(name, 'onWebhook', variant?.onWebhook),
    })),
  };
}

/**
 * The variants as the file names them (`__proto__` and `constructor` too: zod's record drops the one),
 * each name a safe file name, since report files are named after variants, and no two alike but for case.
 */
function variantsOf(source: YamlSource): Map<string, z.output<typeof variantSchema> | null> {
  const variants = source.entriesAt(['variants'], variantSchema.nullable());
  if (variants.size === 0) throw source.error(['variants'], 'expected at least one variant');
  for (const name of variants.keys()) {
    const problem = fileNameProblem(name);
    if (problem) throw source.error(['variants', name], `the variant name ${problem}: report files are named after it`);
  }
  const same = collidingNames([...variants.keys()]);
  if (same) throw source.error(['variants', same[1]], `${quote(same[1])} and ${quote(same[0])} differ only in case: their report files would be one file on some systems; rename one`);
  return variants;
}

function resolveLayers(source: YamlSource, raw: RawStack['layers']): StackLayer[] {
  return raw.map((layer, i) => {
    if (raw.findIndex((l) => l.name === layer.name) !== i) throw source.error(['layers', i, 'name'], `layer ${quote(layer.name)} is declared twice`);
    if (layer.fill === 'next' && i === raw.length - 1) {
      throw source.error(['layers', i, 'fill'], `the last layer has no next layer to fill from; expected upstream (Cal.com)`);
    }
    return { ...layer, lock: layer.lock ?? false };
  });
}

function readKey(raw: RawStack['reads']['check']['key']): ReadKey {
  return typeof raw === 'string' ? { kind: raw } : { kind: 'window', ...raw.window };
}

function forgetRule(
  source: YamlSource,
  path: FieldPath,
  raw: z.output<typeof forgetSchema>,
  layers: readonly StackLayer[],
  layerIndex: (path: FieldPath, name: string) => number,
  trigger: 'onBooking' | 'onWebhook',
): ForgetRule {
  const layer = layerIndex([...path, 'layer'], raw.layer);
  if (raw.tenants === 'booking' && trigger === 'onWebhook') {
    throw source.error([...path, 'tenants'], 'a webhook names no tenant; expected all');
  }
  if (raw.hours === undefined) return { layer, days: raw.days, tenants: raw.tenants ?? 'all' };
  if (layers[layer].key === 'day') throw source.error([...path, 'hours'], `layer ${quote(raw.layer)} is keyed by day; hours apply to slot, hour and window layers`);
  return { layer, days: raw.days, hours: hourRange(source, [...path, 'hours'], raw.hours), tenants: raw.tenants ?? 'all' };
}

/** `"9-18"`: the hours 9 … 18 inclusive, within 0 … 23 and in order. */
function hourRange(source: YamlSource, path: FieldPath, text: string): { from: number; to: number } {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const from = Number(m?.[1]);
  const to = Number(m?.[2]);
  if (!m || from > 23 || to > 23) throw source.error(path, `expected "H-H" with hours 0 to 23, e.g. "9-18", got ${quote(text)}`);
  if (from > to) throw source.error(path, `${quote(text)} runs backwards; expected the first hour at most the last, e.g. "${to}-${from}"`);
  return { from, to };
}

function describeVariant(variant: z.output<typeof variantSchema> | null): string {
  const count = (list?: readonly unknown[]) => list?.length ?? 0;
  if (!variant || count(variant.onBooking) + count(variant.onWebhook) === 0) return 'No invalidation: entries live out their TTLs.';
  const list = (rules?: readonly z.output<typeof forgetSchema>[]) =>
    rules?.length ? rules.map((r) => `${r.layer} ${r.days} d${r.hours ? ` × ${r.hours} h` : ''}${r.tenants === 'booking' ? ' (booking tenant)' : ''}`).join(', ') : 'nothing';
  return `On booking forgets ${list(variant.onBooking)}; on webhook ${list(variant.onWebhook)}.`;
}
