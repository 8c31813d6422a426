import type { WorldOutcome } from '../world.ts';
import { wilson, type Percentiles, type VariantMeasurement } from './measurement.ts';
import type { Judgement } from './oracle.ts';

/**
 * Folds finished runs of one variant into its measurement, one run at a time: counters and the
 * staleness windows only, so a million calls never keep a million records.
 */
export class VariantAccumulator {
  private calls = 0;
  private availabilityAnswers = 0;
  private staleAvailable = 0;
  private falseUnavailable = 0;
  private answeredFromCache = 0;
  private bookingAttempts = 0;
  private conflicts = 0;
  private readonly attribution = { toctou: 0, staleCache: { layer1: 0, layer2: 0 }, upstreamLag: 0, noCheck: 0 };
  private layer1 = { hits: 0, misses: 0 };
  private layer2 = { hits: 0, misses: 0 };
  private calcomRequests = 0;
  private keysForgotten = 0;
  private acceptedBookings = 0;
  private readonly windows: number[] = [];

  add(outcome: WorldOutcome, judgements: readonly Judgement[], stalenessWindowsMs: readonly number[]): void {
    outcome.records.forEach((record, i) => {
      if (record.action === 'external_booking') return; // Cal.com's own page: not a call to the agent
      const judgement = judgements[i];
      this.calls++;
      if (record.action === 'check_availability') {
        this.availabilityAnswers++;
        if (judgement.stale) this.staleAvailable++;
        if (judgement.falseUnavailable) this.falseUnavailable++;
        if (record.answer.servedBy === 'layer1' || record.answer.servedBy === 'layer2') this.answeredFromCache++;
        return;
      }
      this.bookingAttempts++;
      if (record.answer.outcome !== 'conflict') return;
      this.conflicts++;
      switch (judgement.attribution) {
        case 'toctou':
          this.attribution.toctou++;
          break;
        case 'stale-cache':
          this.attribution.staleCache[judgement.staleLayer ?? 'layer2']++;
          break;
        case 'upstream-lag':
          this.attribution.upstreamLag++;
          break;
        default:
          this.attribution.noCheck++;
      }
    });
    const { stats } = outcome;
    this.layer1.hits += stats.layer1Hits;
    this.layer1.misses += stats.layer1Misses;
    this.layer2.hits += stats.layer2Hits;
    this.layer2.misses += stats.layer2Misses;
    this.calcomRequests += outcome.calcomRequests;
    this.keysForgotten += stats.keysForgotten;
    this.acceptedBookings += outcome.ledger.length;
    for (const w of stalenessWindowsMs) this.windows.push(w);
  }

  result(): VariantMeasurement {
    const windows = Float64Array.from(this.windows).sort();
    const within = (ms: number) => wilson(windows.filter((w) => w <= ms).length, windows.length);
    const ratio = (l: { hits: number; misses: number }) => (l.hits + l.misses ? l.hits / (l.hits + l.misses) : 0);
    return {
      calls: this.calls,
      availabilityAnswers: this.availabilityAnswers,
      staleAvailable: this.staleAvailable,
      staleAvailableRate: wilson(this.staleAvailable, this.availabilityAnswers),
      falseUnavailable: this.falseUnavailable,
      falseUnavailableRate: wilson(this.falseUnavailable, this.availabilityAnswers),
      bookingAttempts: this.bookingAttempts,
      conflicts: this.conflicts,
      conflictRate: wilson(this.conflicts, this.bookingAttempts),
      attribution: structuredClone(this.attribution),
      answeredFromCacheRate: wilson(this.answeredFromCache, this.availabilityAnswers),
      hitRatio: { layer1: round(ratio(this.layer1)), layer2: round(ratio(this.layer2)) },
      calcomRequests: this.calcomRequests,
      calcomRequestsPerCall: round(this.calls ? this.calcomRequests / this.calls : 0),
      keysForgottenPerBooking: round(this.acceptedBookings ? this.keysForgotten / this.acceptedBookings : 0),
      stalenessWindowMs: percentiles(windows),
      consistentWithin: { '1s': within(1_000), '60s': within(60_000), '300s': within(300_000) },
    };
  }
}

/** Nearest-rank percentiles of sorted values (0 for none). */
function percentiles(sorted: Float64Array): Percentiles {
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0 };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
