import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

describe('compare: a timeline behind every example', () => {
  it('each linked example has its timeline, showing the example call as an answer among the calls about its slot', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'racesim-example-timelines-')), 'report');
    const r = await runCli(['compare', '--workload', 'scenarios/workloads/peak-hour.yaml', '--fix', 'on', '--runs', '2', '--seed', '1', '--out', out, '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    const compare = JSON.parse(r.stdout);
    const examples = Object.entries(compare.variants.on.examples as Record<string, { seed: number; call: number }>);
    expect(examples.length).toBeGreaterThan(0);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    for (const [kind, example] of examples) {
      const file = `example-on-${kind.replace(/\//g, '-')}.html`;
      expect(report, kind).toContain(`href="${file}"`);
      const page = readFileSync(join(out, file), 'utf8');
      expect(page, kind).toContain(`data-step="${example.call}"`);
      expect(page, kind).toContain(`seed ${example.seed}`);
      // Narrowed: a peak-hour run has hundreds of calls, the page only those about one slot.
      const answers = (page.match(/class="mark [^"]*answer"/g) ?? []).length;
      expect(answers, kind).toBeGreaterThan(0);
      expect(answers, kind).toBeLessThan(80);
    }
  });
});
