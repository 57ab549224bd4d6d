/**
 * A self-contained HTML page for one run: a per-core Gantt chart (inline SVG, one bar per work item,
 * coloured by op) and the tables of the text report. No scripts, no external files.
 */
import type { Graph } from '../compiler/ir/graph.js';
import { coreTable, opTimes, type RunResult } from './run-model.js';

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number, digits = 3) => Number(x.toPrecision(digits)).toLocaleString('en');

function table(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number, tag: string) =>
    `<${tag}${typeof v === 'number' ? ' class="n"' : ''}>${esc(String(v))}</${tag}>`;
  return `<table><tr>${header.map((h) => cell(h, 'th')).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((v) => cell(v, 'td')).join('')}</tr>`)
    .join('')}</table>`;
}

function gantt(g: Graph, r: RunResult): string {
  const width = 1000;
  const lane = 28;
  const left = 150;
  const endUs = Math.max(1e-9, ...r.trace.map((t) => t.endUs));
  const x = (us: number) => left + (us / endUs) * (width - left - 10);
  const bars = r.trace
    .map((t) => {
      const color = PALETTE[t.op % PALETTE.length]!;
      const title = `${g.ops[t.op]!.kind} #${t.op}, item ${t.item}: ${fmt(t.startUs)}–${fmt(t.endUs)} µs`;
      return `<rect x="${x(t.startUs).toFixed(2)}" y="${t.core * lane + 4}" width="${Math.max(0.5, x(t.endUs) - x(t.startUs)).toFixed(2)}" height="${lane - 8}" fill="${color}"><title>${esc(title)}</title></rect>`;
    })
    .join('');
  const labels = r.cores
    .map(
      (c) =>
        `<text x="4" y="${c.id * lane + lane / 2 + 4}">core ${c.id} ${esc(c.type)} @${c.clockHz / 1e6} MHz</text>`,
    )
    .join('');
  const height = r.cores.length * lane + 24;
  const axis = `<text x="${left}" y="${height - 4}">0</text><text x="${width - 10}" y="${height - 4}" text-anchor="end">${fmt(endUs)} µs</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-size="11" font-family="sans-serif">${labels}${bars}${axis}</svg>`;
}

export function reportHtml(g: Graph, r: RunResult): string {
  const summary: [string, string | number][] = [
    ['model', r.model],
    ['board', r.board],
    ['scheduler', `${r.scheduler} (${r.executor})`],
    ['bit-exact', r.bitExact ? 'yes' : 'NO'],
    [
      'latency',
      `${fmt(r.latencyMs, 4)} ms (${r.latencyCycles.toLocaleString('en')} cycles of core 0)`,
    ],
    ['cost model estimate', `${fmt(r.estimatedMs, 4)} ms`],
    ['speedup over 1 core', r.speedup === undefined ? '-' : `${fmt(r.speedup)}x`],
    ['arena', `${r.arenaBytes.toLocaleString('en')} bytes`],
    ['flash (weights)', `${r.flashBytes.toLocaleString('en')} bytes`],
  ];
  const cores = table(coreTable(r).header, coreTable(r).rows);
  const ops = table(
    ['op', 'kind', 'items', 'busy µs', 'start µs', 'end µs'],
    opTimes(g, r.trace).map((o) => [
      o.op,
      o.kind,
      o.items,
      fmt(o.busyUs),
      fmt(o.startUs),
      fmt(o.endUs),
    ]),
  );
  const banks = table(
    ['bank', 'accesses', 'conflict stalls'],
    r.banks.map((b) => [b.name, b.accesses, b.conflictStalls]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>arielsim: ${esc(r.model)} on ${esc(r.board)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}.n{text-align:right}h2{margin-top:1.5em}</style></head>
<body><h1>${esc(r.model)} on ${esc(r.board)}</h1>
${table(['', ''], summary)}
<h2>Per-core timeline</h2>${gantt(g, r)}
<h2>Cores</h2>${cores}
<h2>Ops</h2>${ops}
<h2>SRAM banks</h2>${banks}
</body></html>
`;
}
