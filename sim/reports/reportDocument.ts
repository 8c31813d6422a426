import { markdownCodeBlock, markdownText } from '../escape/markdown.ts';

/**
 * A report as plain sections, rendered both to Markdown and to self-contained HTML, so the two never
 * say different things.
 */
export interface ReportTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
}

/** A table cell: text, or text followed by a short link to a file beside the report (an example run). */
export type ReportCell = string | { readonly text: string; readonly link: string; readonly href: string };

export interface ReportSection {
  readonly heading: string;
  readonly paragraphs?: readonly string[];
  readonly table?: ReportTable;
  /** File names of SVG charts written beside the report. */
  readonly charts?: readonly string[];
  /** A command block. */
  readonly code?: string;
}

export interface ReportDocument {
  readonly title: string;
  readonly sections: readonly ReportSection[];
}

/** A link target beside the report: percent-encoded, parentheses too, so it cannot end the link early. */
const mdHref = (href: string) => encodeURI(href).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
const mdCell = (cell: ReportCell) => (typeof cell === 'string' ? markdownText(cell) : `${markdownText(cell.text)} [${markdownText(cell.link)}](${mdHref(cell.href)})`);

/** Markdown of the document; every text is plain text (as in the HTML), so names in it cannot make markup. */
export function toMarkdown(doc: ReportDocument): string {
  const out = [`# ${markdownText(doc.title)}`, ''];
  for (const section of doc.sections) {
    out.push(`## ${markdownText(section.heading)}`, '');
    for (const p of section.paragraphs ?? []) out.push(markdownText(p), '');
    if (section.table) {
      out.push(`| ${section.table.headers.map(markdownText).join(' | ')} |`, `|${section.table.headers.map(() => ' --- ').join('|')}|`);
      for (const row of section.table.rows) out.push(`| ${row.map(mdCell).join(' | ')} |`);
      out.push('');
    }
    for (const chart of section.charts ?? []) out.push(`![${chart}](${chart})`, '');
    if (section.code) out.push(markdownCodeBlock(section.code, 'sh'), '');
  }
  return out.join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const htmlCell = (cell: ReportCell) => (typeof cell === 'string' ? escapeHtml(cell) : `${escapeHtml(cell.text)} <a class="example" href="${escapeHtml(encodeURI(cell.href))}">${escapeHtml(cell.link)}</a>`);

/** Self-contained HTML: inline CSS and the charts' SVG inline; no script, no network. */
export function toHtml(doc: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`];
  for (const section of doc.sections) {
    body.push(`<section><h2>${escapeHtml(section.heading)}</h2>`);
    for (const p of section.paragraphs ?? []) body.push(`<p>${escapeHtml(p)}</p>`);
    if (section.table) {
      body.push('<table><thead><tr>', ...section.table.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`), '</tr></thead><tbody>');
      for (const row of section.table.rows) body.push(`<tr>${row.map((c, i) => (i === 0 ? `<th scope="row">${htmlCell(c)}</th>` : `<td>${htmlCell(c)}</td>`)).join('')}</tr>`);
      body.push('</tbody></table>');
    }
    for (const chart of section.charts ?? []) body.push(`<figure>${svgs.get(chart) ?? ''}<figcaption>${escapeHtml(chart)}</figcaption></figure>`);
    if (section.code) body.push(`<pre><code>${escapeHtml(section.code)}</code></pre>`);
    body.push('</section>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1a1a1a}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}tbody th{font-weight:600}
figure{margin:1em 0;overflow-x:auto}figcaption{color:#666;font-size:.85em}
pre{background:#f6f6f6;padding:.7em;overflow-x:auto}p{overflow-wrap:anywhere}a{color:#0b5cad}a.example{font-size:.8em;white-space:nowrap}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}
