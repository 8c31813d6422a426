/** The timeline page's style and its one small script: the script only toggles classes and `aria-pressed`. */
export const TIMELINE_STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a}p{overflow-wrap:anywhere;max-width:110em}
h1{font-size:1.4em}h2{font-size:1.1em;margin:.4em 0}small{color:#666;font-weight:normal}
.difference{font-weight:600;background:#fff8e1;border-left:4px solid #e65100;padding:.4em .7em}
.columns{display:grid;grid-template-columns:repeat(var(--columns),minmax(0,1fr));gap:1em;align-items:start}
.drawing{overflow-x:auto;border:1px solid #ddd}
.lane{fill:#fff}.lane.odd{fill:#f6f7f9}.lane-name{font-size:12px;fill:#333}.lane-detail{font-size:10px;fill:#666}
.mark text{font-size:15px;cursor:default}.mark .halo{fill:transparent}.mark:focus{outline:none}.mark:focus .halo{stroke:#1a73e8;stroke-width:2}
.answer text{cursor:pointer}
.mark.ok text{fill:#2e7d32}.mark.miss text{fill:#777}.mark.fill text{fill:#1565c0}.mark.clear text{fill:#6a1b9a}.mark.info text{fill:#444}
.mark.stale text,.mark.wrong text{fill:#e65100;font-weight:bold;font-size:19px}.mark.rejected text{fill:#c62828;font-weight:bold;font-size:19px}
.callout{font-size:11px;font-weight:bold}.callout.stale,.callout.wrong{fill:#e65100}.callout.rejected{fill:#c62828}
.entry rect{fill:#90caf9}.wait{stroke:#90a4ae;stroke-width:2}
.tracing .mark:not(.lit),.tracing .entry:not(.lit){opacity:.3}
.mark.lit .halo{fill:#ffe082;stroke:#ff6f00;stroke-width:2}.answer[aria-pressed="true"] .halo{fill:#ffcc80;stroke:#000;stroke-width:2}
.entry.lit rect{fill:#ff6f00;stroke:#000;stroke-width:1}.entry-label{display:none;font-size:9px;fill:#000;paint-order:stroke;stroke:#fff;stroke-width:3px}.entry.lit .entry-label{display:inline}
.why{background:#fff8e1;border-left:4px solid #ff6f00;padding:.3em .6em;margin:.4em 0}.why:empty{border:0;padding:0;margin:0}
.tick,.break-line,.link{pointer-events:none}.tick{stroke:#e0e0e0}.tick-label{font-size:10px;fill:#555}.break path{fill:none;stroke:#999}.break-line{stroke:#bbb;stroke-dasharray:2 4}.break-label{font-size:10px;fill:#777}
table{border-collapse:collapse;margin-top:.8em;font-size:13px}caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}td:first-child,th[scope=row]{white-space:nowrap}td:nth-child(3){min-width:14em}
tr.stale td,tr.stale th,tr.wrong td,tr.wrong th{background:#fff3e0}tr.rejected td,tr.rejected th{background:#ffebee}tr.lit td,tr.lit th{outline:2px solid #ff6f00}
.legend span{margin-right:1.2em}
`;

/** Clicking, or Enter/Space on, an answer lights the events its data-chain names in its own column (marks, bars, rows) and shows its label, the why, under the drawing. */
export const TIMELINE_SCRIPT = `
for (const answer of document.querySelectorAll('.answer')) {
  const toggle = () => {
    const column = answer.closest('.column');
    const pressing = answer.getAttribute('aria-pressed') !== 'true';
    for (const lit of column.querySelectorAll('.lit')) lit.classList.remove('lit');
    for (const other of column.querySelectorAll('.answer')) other.setAttribute('aria-pressed', 'false');
    column.classList.toggle('tracing', pressing);
    column.querySelector('.why').textContent = pressing ? answer.getAttribute('aria-label') : '';
    if (!pressing) return;
    answer.setAttribute('aria-pressed', 'true');
    answer.classList.add('lit');
    for (const id of answer.dataset.chain.split(' ').filter(Boolean))
      for (const part of column.querySelectorAll('[data-id="' + id + '"],[data-entry="' + id + '"]')) part.classList.add('lit');
  };
  answer.addEventListener('click', toggle);
  answer.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    toggle();
  });
}
// An example page opens with its call's answer pressed (its chain lit) and focused.
const pressed = document.querySelector('.columns')?.dataset.pressed;
if (pressed !== undefined) {
  const answers = [...document.querySelectorAll('.column')].map((column) => column.querySelector('.answer[data-step="' + pressed + '"]')).filter(Boolean);
  for (const answer of answers) answer.dispatchEvent(new MouseEvent('click'));
  answers[0]?.focus();
}
`;
