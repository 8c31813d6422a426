import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { InputError } from '../sim/inputError.ts';
import { variantFor } from '../sim/systems/askproai/composeVariants.ts';
import { axes, choicesOf, type AxisKey } from '../sim/systems/askproai/fixVariant.ts';
import { recheckAtCalcom } from '../sim/systems/askproai/strategies/availableGuard/recheck.ts';
import { smartForgetList } from '../sim/systems/askproai/strategies/invalidates/smart.ts';
import { coalescedRead } from '../sim/systems/askproai/strategies/read/coalesced.ts';
import { queuedInvalidation } from '../sim/systems/askproai/strategies/when/queued.ts';
import { defaultChoices, variantNames, variantRows, variants } from '../sim/systems/askproai/variants.ts';

/** The error `--fix name` gives, or null when it composes. */
function compositionError(name: string): string | null {
  try {
    variantFor(name);
    return null;
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}

describe('variants are rows choosing a strategy per axis', () => {
  it('a row names only the axes it changes from Phase A+, and `on` changes none', () => {
    expect(Object.keys(variantRows.on).filter((key) => axes.some((axis) => axis.key === key))).toEqual([]);
    for (const name of variantNames) {
      for (const axis of axes) {
        if (variantRows[name][axis.key] === undefined) expect(variants[name][axis.key], `${name} ${axis.key}`).toBe(defaultChoices[axis.key]);
        else expect(axis.sameChoice(variants[name], defaultChoices), `${name} sets ${axis.key} to the default`).toBe(false);
      }
    }
  });

  it('the history rows carry what their commits changed on each axis', () => {
    expect(choicesOf(variants['async-smart-clear'])).toMatchObject({ read: 'coalesced', invalidates: 'smart', when: 'queued', ttlSeconds: 'layer1:300', code: 'dates-only' });
    expect(choicesOf(variants['l2-30'])).toMatchObject({ bookingGuard: 'fresh-calcom-check', ttlSeconds: 'layer1:300,layer2:30', code: 'branch-as-string' });
    expect(choicesOf(variants['versioned-keys'])).toMatchObject({ read: 'versioned', invalidates: 'generation-bump', when: 'inline' });
  });

  it('every strategy file under strategies/<axis>/ is chosen by some row', async () => {
    const folders: Record<string, AxisKey> = { read: 'read', invalidates: 'invalidates', when: 'when', availableGuard: 'availableGuard', bookingGuard: 'bookingGuard', codeVersion: 'code' };
    const root = new URL('../sim/systems/askproai/strategies/', import.meta.url);
    expect(readdirSync(root).sort()).toEqual(Object.keys(folders).sort());
    for (const [folder, axis] of Object.entries(folders)) {
      const strategies: { name: string }[] = [];
      for (const file of readdirSync(new URL(`${folder}/`, root))) {
        const module: Record<string, unknown> = await import(pathToFileURL(new URL(`${folder}/${file}`, root).pathname).href);
        for (const value of Object.values(module)) {
          if (typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string') strategies.push(value as { name: string });
        }
      }
      expect(strategies.length, folder).toBeGreaterThanOrEqual(2);
      expect(new Set(strategies.map((s) => s.name)).size, `${folder}: one name per strategy`).toBe(strategies.length);
      for (const strategy of strategies) {
        expect(variantNames.some((name) => variants[name][axis] === strategy), `${folder}: ${strategy.name} is in no row`).toBe(true);
      }
    }
  });
});

describe('--fix a+b composes axis by axis', () => {
  it('each part brings the axes its row sets; the rest stay Phase A+', () => {
    const composed = variantFor('l1-300-coalesce+recheck+none');
    expect(composed.read).toBe(coalescedRead);
    expect(composed.availableGuard).toBe(recheckAtCalcom);
    expect(composed.invalidates).toBe(variants.none.invalidates);
    expect(composed.ttlSeconds).toEqual({ layer1: 300 });
    expect(composed.when).toBe(defaultChoices.when);
    expect(composed.bookingGuard).toBe(defaultChoices.bookingGuard);
    expect(composed.summary).toBe(`${variants['l1-300-coalesce'].summary} + ${variants.recheck.summary} + ${variants.none.summary}`);
    expect(composed.origin).toBeUndefined();
  });

  it('parts agreeing on an axis compose; a row composed with itself or with on is that row', () => {
    expect(variantFor('async-smart-clear+l1-300-coalesce')).toMatchObject({ read: coalescedRead, invalidates: smartForgetList, when: queuedInvalidation });
    expect(choicesOf(variantFor('recheck+recheck'))).toEqual(choicesOf(variants.recheck));
    for (const name of variantNames) expect(choicesOf(variantFor(`on+${name}`)), name).toEqual(choicesOf(variants[name]));
  });

  it('two parts choosing one axis differently is one line naming the axis and both choices', () => {
    const cases: [string, string][] = [
      ['versioned-keys+leases', 'versioned-keys and leases both set how a read goes: versioned (versioned-keys) and leased (leases)'],
      ['off+none', 'off and none both set what a booking invalidates: layer1-only (off) and nothing (none)'],
      ['recheck+reserve', 'recheck and reserve both set what guards an "available" answer: recheck (recheck) and reserve (reserve)'],
      ['l2-60+l2-30', 'l2-60 and l2-30 both set what guards the booking: own-appointments-precheck (l2-60) and fresh-calcom-check (l2-30)'],
      ['l1-300-coalesce+l2-60', 'l1-300-coalesce and l2-60 both set the TTLs: layer1:300 (l1-300-coalesce) and layer1:300,layer2:60 (l2-60)'],
      ['off+l1-300-coalesce', 'off and l1-300-coalesce both set the code version: before-fix (off) and dates-only (l1-300-coalesce)'],
      ['on+recheck+reserve', 'recheck and reserve both set what guards an "available" answer: recheck (recheck) and reserve (reserve)'],
    ];
    for (const [name, message] of cases) expect(compositionError(name)).toBe(`--fix ${name}: ${message}`);
  });

  it('every pair of rows composes exactly when no axis is set differently by both', () => {
    for (const a of variantNames) {
      for (const b of variantNames) {
        const clash = axes.find((axis) => variantRows[a][axis.key] !== undefined && variantRows[b][axis.key] !== undefined && !axis.sameChoice(variants[a], variants[b]));
        const error = compositionError(`${a}+${b}`);
        if (clash) expect(error, `${a}+${b}`).toContain(`both set ${clash.label}`);
        else expect(error, `${a}+${b}`).toBeNull();
      }
    }
  });
});

describe('racesim variants shows each variant\'s axis choices', () => {
  it('an indented line under each variant, and the choices in --json', async () => {
    const text = await runCli(['variants']);
    expect(text.stdout).toContain('read=versioned invalidates=generation-bump when=inline availableGuard=none bookingGuard=none ttlSeconds=world code=phase-a-plus');
    const json = JSON.parse((await runCli(['variants', '--json'])).stdout);
    expect(json.variants.find((v: { name: string }) => v.name === 'l2-60').choices).toMatchObject({ bookingGuard: 'own-appointments-precheck', ttlSeconds: 'layer1:300,layer2:60' });
  });
});
