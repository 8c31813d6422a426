import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { measureFixCost } from '../cost/fixCost.ts';
import { InputError } from '../inputError.ts';
import { writeCostReport } from '../reports/costReport.ts';
import { parseRuns, parseVariantList } from './options.ts';
import { renderTable } from './table.ts';

/** Registers `cost`: keys forgotten per booking as services grow, and the time those forgets take on a real Redis. */
export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description('What the invalidation costs per booking as more services share an event type; with --redis, timed against a real Redis.')
    .option('--services <n>', 'largest number of services sharing the event type (1 … n)', '200')
    .option('--fix <variants>', 'variants', 'off,on,async-smart-clear,versioned-keys,leases')
    .option('--redis <url>', 'time the forgets against this Redis, e.g. redis://127.0.0.1:6379')
    .option('--out <dir>', 'report folder', 'reports/cost')
    .option('--json', 'print JSON')
    .action(async (flags: { services: string; fix: string; redis?: string; out: string; json?: boolean }) => {
      const maxServices = parseRuns(flags.services, '--services');
      const variants = parseVariantList(flags.fix);
      let client: Redis | undefined;
      if (flags.redis) {
        if (!/^rediss?:\/\//.test(flags.redis)) throw new InputError(`--redis: expected a URL such as redis://127.0.0.1:6379, got "${flags.redis}"`);
        const { Redis } = await import('ioredis'); // loaded only when timing against a real Redis
        client = new Redis(flags.redis, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
        try {
          await client.connect();
        } catch (error) {
          throw new InputError(`--redis: cannot connect to ${flags.redis} (${(error as Error).message})`);
        }
      }
      try {
        const result = await measureFixCost(variants, maxServices, client && { client, url: flags.redis! });
        const command = `racesim cost --services ${maxServices} --fix ${variants.join(',')}${flags.redis ? ` --redis ${flags.redis}` : ''}`;
        const files = await writeCostReport(flags.out, result, command);
        if (flags.json) return console.log(JSON.stringify(result, null, 2));
        const counts = result.variants[variants[0]].map((p) => p.services);
        const cell = (v: string, i: number) => {
          const p = result.variants[v][i];
          return flags.redis ? `${p.keysForgotten} (${p.perKeyMs}/${p.pipelinedMs} ms)` : String(p.keysForgotten);
        };
        console.log(`keys forgotten per booking${flags.redis ? ' (ms one DEL per key / one UNLINK)' : ''}\n`);
        console.log(renderTable(['services', ...variants], counts.map((n, i) => [String(n), ...variants.map((v) => cell(v, i))])));
        console.log(`\nreport: ${files.find((f) => f.endsWith('cost.html'))}`);
      } finally {
        client?.disconnect();
      }
    });
}
