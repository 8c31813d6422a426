import { invalid, valid } from './checker.ts';
import { registerProperty } from './registry.ts';

registerProperty({
  name: 'keys-forgotten-at-most',
  argument: 'n',
  summary: 'at most <n> cache keys forgotten per accepted booking (the cost side of the fix)',
  make: (n) => ({
    name: `keys-forgotten-at-most ${n}`,
    summary: `at most ${n} cache keys forgotten per accepted booking`,
    check: (run) => {
      const perBooking = run.counters.keysForgotten / Math.max(1, run.ledger.length);
      return perBooking > n! ? invalid(run, `${perBooking.toFixed(1)} keys forgotten per booking`, []) : valid;
    },
  }),
});
