import type { CostResult } from '../cost/fixCost.ts';
import { costChart, renderSvg } from './charts.ts';
import { toHtml, toMarkdown, type ReportDocument } from './reportDocument.ts';
import { writeFolderAtomic } from './writeAtomic.ts';

/** The fix's own cost, beside the Phase A+ summary's claims; writes cost.md, cost.html, cost.json and charts. */
export async function writeCostReport(outDir: string, result: CostResult, command: string): Promise<string[]> {
  const charts = new Map<string, string>([['cost-keys.svg', await renderSvg(costChart(result, 'keysForgotten'))]]);
  if (result.redis) {
    charts.set('cost-per-key-ms.svg', await renderSvg(costChart(result, 'perKeyMs')));
    charts.set('cost-pipelined-ms.svg', await renderSvg(costChart(result, 'pipelinedMs')));
  }
  const variants = Object.keys(result.variants);
  const counts = result.variants[variants[0]].map((p) => p.services);
  const cell = (variant: string, i: number) => {
    const p = result.variants[variant][i];
    return result.redis ? `${p.keysForgotten} keys; ${p.perKeyMs} ms / ${p.pipelinedMs} ms` : `${p.keysForgotten} keys`;
  };
  const doc: ReportDocument = {
    title: 'racesim: what the invalidation costs per booking',
    sections: [
      {
        heading: 'Keys forgotten per booking, by services sharing the event type',
        paragraphs: [
          'One booking through the agent (profile seed): the booking path clears with the team id, the webhook path without one, as the summary describes. ' +
            'The summary claims ~100–200 keys per booking (~70 per service), +50–90 ms per booking, and a booking under 2 s.',
          result.redis
            ? `Timings against the Redis at ${result.redis}: median of 5, one DEL round trip per key (as the PHP code forgets) / all keys UNLINKed in one pipelined round trip.`
            : 'No Redis given (--redis): key counts only.',
        ],
        table: { headers: ['services', ...variants], rows: counts.map((n, i) => [String(n), ...variants.map((v) => cell(v, i))]) },
        charts: [...charts.keys()],
      },
      { heading: 'Reproduce', code: command },
    ],
  };
  return writeFolderAtomic(
    outDir,
    new Map([...charts, ['cost.json', JSON.stringify(result, null, 2) + '\n'], ['cost.md', toMarkdown(doc)], ['cost.html', toHtml(doc, charts)]]),
  );
}
