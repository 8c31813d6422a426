/**
 * racesim's layering, checked by `npm run deps` (run by .ci/run and by a test). Dependencies point one
 * way, downward: the harness core imports nothing above it; stores and the fake Cal.com sit on the core;
 * a system under test is imported only by the system registry; nothing imports in a circle. Type-only
 * imports count (tsPreCompilationDeps).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other, directly or through others, cannot be understood or changed alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-above',
      severity: 'error',
      comment: 'sim/core is the harness (clock, scheduler, streams, trace, time zones): it knows nothing of stores, Cal.com, systems or reports.',
      from: { path: '^sim/core/' },
      to: { path: '^sim/', pathNot: '^sim/core/' },
    },
    {
      name: 'stores-and-calcom-sit-on-core',
      severity: 'error',
      comment: 'Stores and the fake Cal.com are simulated infrastructure: they import only the core (and each other for shared types).',
      from: { path: '^sim/(stores|calcom)/' },
      to: { path: '^sim/', pathNot: '^sim/(core|stores|calcom)/|^sim/worldConfig\\.ts$' },
    },
    {
      name: 'system-only-through-registry',
      severity: 'error',
      comment: 'A system under test (sim/systems/<name>/) is a plug-in: only its own folder and sim/systems/registry.ts import it.',
      from: { path: '^sim/', pathNot: ['^sim/systems/([^/]+)/', '^sim/systems/registry\\.ts$'] },
      to: { path: '^sim/systems/[^/]+/' },
    },
    {
      name: 'checkers-below-their-users',
      severity: 'error',
      comment: 'sim/checkers judge one run (history, ground truth, counters): explore, the gate, the Monte Carlo workloads and the CLI ask them; they ask none of those.',
      from: { path: '^sim/checkers/' },
      to: { path: '^sim/(explore|gate|workloads|reports|import|cost|cli)/' },
    },
    {
      name: 'no-upward-from-cli',
      severity: 'error',
      comment: 'The CLI is the top: nothing in sim/ imports it.',
      from: { path: '^sim/', pathNot: '^sim/cli/' },
      to: { path: '^sim/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
