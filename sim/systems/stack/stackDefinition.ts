/**
 * A cache stack as a stack file declares it (see the README's "A second system: cache stacks"): layers
 * from the caller inward, which layer and key each path reads, and the variants' forget rules.
 */

/** How a layer's entries are keyed: one slot, one clock hour, one local day, or a span of hours. */
export type KeyKind = 'slot' | 'hour' | 'day' | 'window';
export const keyKinds: readonly KeyKind[] = ['slot', 'hour', 'day', 'window'];

/** Whose entry it is: one for everyone, one per Cal.com team, or one per service (company and branch). */
export type Tenancy = 'none' | 'team' | 'service';
export const tenancies: readonly Tenancy[] = ['none', 'team', 'service'];

export interface StackLayer {
  readonly name: string;
  readonly key: KeyKind;
  readonly tenant: Tenancy;
  readonly ttlSeconds: number;
  /** Where a miss is filled from: the next layer inward, or Cal.com itself. */
  readonly fill: 'next' | 'upstream';
  /** Concurrent misses of one key share one fill (`Cache::lock`). */
  readonly lock: boolean;
}

/** The key a read path asks a layer with. A window is hours before and after the wanted slot. */
export type ReadKey = { readonly kind: 'slot' | 'hour' | 'day' } | { readonly kind: 'window'; readonly before: number; readonly after: number };

export interface StackRead {
  /** Index into `layers`. */
  readonly layer: number;
  readonly key: ReadKey;
}

/** Keys of one layer a variant forgets: today+0..days−1, on hour-keyed layers only the hours given (inclusive). */
export interface ForgetRule {
  readonly layer: number;
  readonly days: number;
  readonly hours?: { readonly from: number; readonly to: number };
  /** The booking's own tenant, or every tenant using the event type (a webhook knows no tenant). */
  readonly tenants: 'booking' | 'all';
}

export interface StackVariant {
  /** A safe file name (sim/fileNames.ts): report files are named after it. */
  readonly name: string;
  readonly summary: string;
  readonly onBooking: readonly ForgetRule[];
  readonly onWebhook: readonly ForgetRule[];
}

export interface StackDefinition {
  readonly name: string;
  readonly description?: string;
  readonly layers: readonly StackLayer[];
  readonly reads: { readonly check: StackRead; readonly alternatives?: StackRead };
  /** The first is the default. */
  readonly variants: readonly StackVariant[];
}
