import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCompareReport } from '../sim/reports/compareReport.ts';
import { defaultSystem } from '../sim/systems/registry.ts';
import { gapSweep } from '../sim/workloads/gapSweep.ts';
import { compareVariants } from '../sim/workloads/monteCarlo.ts';
import { loadWorkloadFile } from '../sim/workloads/workload.ts';

const twoCallers = loadWorkloadFile(new URL('../scenarios/workloads/two-callers.yaml', import.meta.url).pathname);
const evil = { ...twoCallers, name: '<script>alert("x")</script> & co' };
const compare = await compareVariants({ workload: evil, variants: ['off', 'on'], runs: 20, seed: 1, command: 'racesim compare --runs 20' });
const variantDetails = Object.fromEntries(['off', 'on'].map((v) => [v, { summary: v, layers: defaultSystem.layers(twoCallers.world, v) }]));
const replayPrefix = 'racesim compare --workload scenarios/workloads/two-callers.yaml';
const sweep = await gapSweep({ workload: evil, variants: ['off', 'on'], runs: 10, seed: 1, command: 'racesim sweep', gaps: [0, 100, 200, 300, 400] });

describe('the comparison report', () => {
  it('writes md, self-contained html, json and the charts; text from input is escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    const files = await writeCompareReport(dir, { compare, sweep, variantDetails, replayPrefix });
    expect(files.map((f) => f.slice(dir.length + 1)).filter((f) => !f.startsWith('example-')).sort()).toEqual(
      ['gap-sweep-conflict.svg', 'gap-sweep-stale-alternatives.svg', 'gap-sweep-stale-direct.svg', 'gap-sweep-stale.svg', 'rates.svg', 'report.html', 'report.json', 'report.md', 'staleness-window.svg'].sort(),
    );
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html.match(/<svg/g)?.length).toBe(6);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toMatch(/\d+\.\d+ % \[\d+\.\d+ %, \d+\.\d+ %\]/); // rates with their intervals
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).compare).toEqual(compare);
  });

  it('is byte-identical for the same input', async () => {
    const a = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    const b = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    await writeCompareReport(a, { compare, sweep, variantDetails, replayPrefix });
    await writeCompareReport(b, { compare, sweep, variantDetails, replayPrefix });
    for (const f of ['report.html', 'rates.svg', 'gap-sweep-stale.svg']) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });
});
