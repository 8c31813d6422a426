#!/usr/bin/env node
// Runs the CLI compiled by `npm run build` (run by `npm ci`'s prepare and by `npm test`'s pretest).
// `RACESIM_DEV=1` runs the TypeScript sources through tsx instead, for working on racesim itself.
if (process.env.RACESIM_DEV) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../sim/cli/main.ts');
} else {
  await import('../dist/sim/cli/main.js');
}
