#!/usr/bin/env node
// Runs the CLI compiled by `npm run build` (run by `npm ci`'s prepare and by `npm test`'s pretest).
// `RACESIM_DEV=1` runs the TypeScript sources through tsx instead, for working on racesim itself.
let cli;
if (process.env.RACESIM_DEV) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../sim/cli/main.ts');
} else {
  cli = await import('../dist/sim/cli/main.js');
}
process.exitCode = await cli.main(process.argv);
