import { registerProperty } from './registry.ts';
import { noRejectionFor } from './rejections.ts';

const summary = 'no rejected booking is caused by a stale cache, lagging upstream or an answer about another slot (toctou and unchecked bookings are allowed)';
// A caller who never heard "available" took a chance (no-check); that is not the caches' fault.
registerProperty({ name: 'conflicts-are-toctou', summary, make: () => noRejectionFor('conflicts-are-toctou', summary, ['stale-cache', 'upstream-lag', 'wrong-slot']) });
