import type { ClaimCheck, ClaimsResult, Rate } from '../metrics/measurement.ts';
import { percent, rate } from '../reports/compareReport.ts';
import { effectiveProfile, type MeasureOptions } from './measureOptions.ts';
import { compareVariants } from './monteCarlo.ts';

/** The app's analytic model and the summary's numbers, as quoted in shared/reference/system-under-test.md. */
const BOOKINGS_PER_HOUR = 1.5;
const FORMULA_TTLS = [45, 60, 300];
const CLAIMED_HIT_RATES: readonly [number, readonly [number, number] | null][] = [
  [30, [0.5, 0.6]],
  [45, null],
  [60, [0.7, 0.8]],
  [120, [0.85, 0.9]],
  [300, [0.9, 0.95]],
];

const verdictFor = (claimed: readonly [number, number], r: Rate): ClaimCheck['verdict'] =>
  r.ci95[1] < claimed[0] || r.ci95[0] > claimed[1] ? 'fails' : r.ci95[0] >= claimed[0] && r.ci95[1] <= claimed[1] ? 'holds' : 'inconclusive';

/**
 * Runs the workload once per TTL and variant the claims need, and sets each claim beside what the
 * simulation measured. TTLs are set on both layers for the hit-rate table and on Layer 2 (what the
 * check path reads first) for the staleness formula.
 */
export async function checkAppClaims(options: Omit<MeasureOptions, 'variants' | 'ttlSeconds'>): Promise<ClaimsResult> {
  const checks: ClaimCheck[] = [];
  const measure = async (variant: 'off' | 'on', ttl?: { layer1?: number; layer2?: number }) =>
    (await compareVariants({ ...options, variants: [variant], ttlSeconds: ttl })).variants[variant];

  for (const ttl of FORMULA_TTLS) {
    const predicted = (BOOKINGS_PER_HOUR * ttl) / 3600;
    const m = await measure('off', { layer2: ttl });
    const r = m.staleAvailableRate;
    checks.push({
      claim: `P(stale) = booking_rate × TTL / 3600 with TTL ${ttl} s`,
      source: 'app cache analysis',
      claimed: percent(predicted),
      simulated: `${rate(r)} stale (fix off; direct ${percent(m.staleSplit.direct.rate.value)}, offered alternatives ${percent(m.staleSplit.alternatives.rate.value)})`,
      rate: r,
      verdict: r.ci95[0] <= predicted && predicted <= r.ci95[1] ? 'holds' : 'fails',
      note:
        'The formula counts any booking inside a TTL window; a caller is misled only when the booked slot is the one asked for (or offered) and the entry answering was filled before the booking. ' +
        'Stale = direct "available" answers and offered alternatives taken when offered, over both.',
    });
  }
  for (const [ttl, claimed] of CLAIMED_HIT_RATES) {
    const r = (await measure('on', { layer1: ttl, layer2: ttl })).answeredFromCacheRate;
    checks.push({
      claim: `hit rate with TTL ${ttl} s`,
      source: 'app cache analysis',
      claimed: claimed ? `${percent(claimed[0])}–${percent(claimed[1])}` : '(no figure given)',
      simulated: `${rate(r)} of answers from a cache`,
      rate: r,
      verdict: claimed ? verdictFor(claimed, r) : 'inconclusive',
      note: 'Both layers at this TTL, fix on; a hit is an availability answer that did not wait for Cal.com.',
    });
  }
  const on = await measure('on');
  checks.push({
    claim: 'probability of the race after the fix < 0.1 %',
    source: 'Phase A+ summary',
    claimed: '< 0.1 %',
    simulated: `${rate(on.conflictRate)} of bookings rejected`,
    rate: on.conflictRate,
    verdict: on.conflictRate.ci95[1] < 0.001 ? 'holds' : on.conflictRate.ci95[0] >= 0.001 ? 'fails' : 'inconclusive',
    note: 'Rejected bookings under fix on; the interval must lie below 0.1 % for the claim to hold at this run count.',
  });
  checks.push({
    claim: '~100–200 keys cleared per booking',
    source: 'Phase A+ summary',
    claimed: '100–200',
    simulated: on.keysForgottenPerBooking.toFixed(1),
    verdict: on.keysForgottenPerBooking >= 100 && on.keysForgottenPerBooking <= 200 ? 'holds' : 'fails',
    note: 'Every Cache::forget per accepted booking, on the booking path and the webhook path together (each clears 30 + 70 per service).',
  });
  return { workload: options.workload.name, profile: effectiveProfile(options, options.workload), runs: options.runs, seed: options.seed, command: options.command, checks };
}
