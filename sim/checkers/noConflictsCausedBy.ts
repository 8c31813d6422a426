import { registerProperty } from './registry.ts';
import { noRejectionFor } from './rejections.ts';

const properties = [
  { name: 'no-stale-cache-conflicts', summary: 'no booking through the agent is rejected because a cache said "free" after the slot was taken', cause: 'stale-cache' },
  { name: 'no-toctou-conflicts', summary: 'no booking through the agent is rejected because someone booked between its check and its booking', cause: 'toctou' },
] as const;
for (const { name, summary, cause } of properties) registerProperty({ name, summary, make: () => noRejectionFor(name, summary, [cause]) });
