import { InputError, quote } from '../../inputError.ts';
import type { AppContext } from './appContext.ts';
import { axes, type AxisChoices, type AxisKey, type FixVariant } from './fixVariant.ts';
import { defaultChoices, variantNames, variantRows, variants, type VariantName } from './variants.ts';

const isVariantName = (name: string): name is VariantName => (variantNames as readonly string[]).includes(name);

/** The variant a `--fix` name stands for: a named one, or `a+b+…` composed axis by axis. */
export function variantFor(name: string, option = '--fix'): FixVariant<AppContext> {
  if (isVariantName(name)) return variants[name];
  const parts = name.split('+');
  const unknown = parts.find((part) => !isVariantName(part));
  if (parts.length < 2 || unknown !== undefined) {
    throw new InputError(`${option}: unknown variant ${quote(unknown ?? name)}; expected one of ${variantNames.join(', ')}, or several joined by + (racesim variants lists them)`);
  }
  return compose(parts as VariantName[], name, option);
}

/**
 * Each part's choices on the axes its row sets; the rest stay Phase A+. Two parts setting one axis to
 * different choices is bad input naming the axis and both choices.
 */
function compose(parts: readonly VariantName[], name: string, option: string): FixVariant<AppContext> {
  const setBy = new Map<AxisKey, VariantName>();
  for (const part of parts) {
    for (const axis of axes) {
      if (variantRows[part][axis.key] === undefined) continue;
      const earlier = setBy.get(axis.key);
      if (earlier !== undefined && !axis.sameChoice(variants[earlier], variants[part])) {
        const both = `${axis.choiceOf(variants[earlier])} (${earlier}) and ${axis.choiceOf(variants[part])} (${part})`;
        throw new InputError(`${option} ${name}: ${earlier} and ${part} both set ${axis.label}: ${both}`);
      }
      setBy.set(axis.key, part);
    }
  }
  const chosen = Object.fromEntries([...setBy].map(([axis, part]) => [axis, variants[part][axis]])) as Partial<AxisChoices<AppContext>>;
  const summary = parts.map((part) => variants[part].summary).join(' + ');
  // A composed variant stands for no commit; it is grouped with its first part.
  return { ...defaultChoices, ...chosen, name, family: variants[parts[0]].family, summary };
}
