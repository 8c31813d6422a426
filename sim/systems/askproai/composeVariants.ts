import { InputError, quote } from '../../inputError.ts';
import { variantNames, type VariantName } from './catalog.ts';
import { variants, type FixVariant } from './variants.ts';

type Axis = readonly (keyof FixVariant)[];

/**
 * The axes a variant chooses on; a named variant sets only the ones it changes from Phase A+ (`on`).
 * `a+b` takes a's choices and adds b's; it is bad input when both choose on one axis differently.
 */
const axes: Readonly<Record<string, Axis>> = {
  'how a read goes': ['coalesceLayer1', 'versionedKeys', 'leases'],
  'what a booking invalidates': ['keysToForget'],
  'when it invalidates': ['queuedInvalidation'],
  'what guards an "available" answer': ['recheckBeforeAvailable', 'reserveOnCheck'],
  'what guards the booking': ['precheckOwnAppointments', 'bookingDoubleCheck'],
  'the TTLs': ['ttlSeconds', 'emptyResultTtlSeconds'],
  'the code version': ['layer1DatesOnly', 'finderBranchAsString', 'skipsAlternativesOnVoiceCheck'],
};

const changes = (variant: FixVariant, axis: Axis) => axis.some((field) => variant[field] !== variants.on[field]);
const choice = (variant: FixVariant, axis: Axis) => axis.filter((field) => variant[field] !== variants.on[field] && variant[field] !== undefined).join(', ') || 'Phase A+';

/** The variant a `--fix` name stands for: a named one, or `a+b+…` composed axis by axis. */
export function variantFor(name: string, option = '--fix'): FixVariant {
  if ((variantNames as readonly string[]).includes(name)) return variants[name as VariantName];
  const parts = name.split('+');
  const unknown = parts.find((part) => !(variantNames as readonly string[]).includes(part));
  if (parts.length < 2 || unknown !== undefined) {
    throw new InputError(`${option}: unknown variant ${quote(unknown ?? name)}; expected one of ${variantNames.join(', ')}, or several joined by + (racesim variants lists them)`);
  }
  return parts.map((part) => variants[part as VariantName]).reduce((a, b) => compose(a, b, name, option));
}

function compose(a: FixVariant, b: FixVariant, name: string, option: string): FixVariant {
  let composed: FixVariant = { ...a, name: name as VariantName, summary: `${a.summary} + ${b.summary}`, origin: undefined };
  for (const [axisName, axis] of Object.entries(axes)) {
    if (!changes(b, axis)) continue;
    if (changes(a, axis) && axis.some((field) => a[field] !== b[field])) {
      throw new InputError(`${option} ${name}: ${a.name} and ${b.name} both set ${axisName}: ${a.name} (${choice(a, axis)}) and ${b.name} (${choice(b, axis)})`);
    }
    composed = { ...composed, ...Object.fromEntries(axis.map((field) => [field, b[field]])) };
  }
  return composed;
}
