import { formatSummary } from './format.js'
import type { Summary } from './summary.js'

/**
 * `--report out.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched),
 * so it opens offline and can be attached to a ticket: the run second by second (requests sent,
 * answers by status, decisions, queue depth, latency percentiles), the latency distribution and
 * the printed summary.
 */
export function renderReport(summary: Summary, title = 'pnpm loadtest report'): string {
  const series = summary.series
  const statuses = [...new Set(series.flatMap((s) => Object.keys(s.answers)))].sort()
  const charts = [
    lineChart('Requests sent and outcomes per second', 'per second', [
      { name: 'sent', color: '#4363d8', values: series.map((s) => s.sent) },
      { name: 'decisions (booking decided or 409 at intake)', color: '#3cb44b', values: series.map((s) => s.decisions) },
    ]),
    lineChart(
      'Answers per second by status',
      'per second',
      statuses.map((status, i) => ({ name: status === '0' ? 'no answer' : status, color: PALETTE[i % PALETTE.length]!, values: series.map((s) => s.answers[status] ?? 0) })),
    ),
    lineChart('Intake latency per second (ms)', 'ms', [
      { name: 'p50', color: '#3cb44b', values: series.map((s) => s.latency_ms?.p50 ?? null) },
      { name: 'p95', color: '#f58231', values: series.map((s) => s.latency_ms?.p95 ?? null) },
      { name: 'p99', color: '#e6194b', values: series.map((s) => s.latency_ms?.p99 ?? null) },
    ]),
    lineChart('Bookings waiting in the queue', 'jobs', [{ name: 'waiting', color: '#911eb4', values: series.map((s) => s.queue_waiting) }]),
    barChart(
      'Latency distribution (requests per bucket)',
      summary.intake.latency_histogram.map((b) => ({ label: b.le === null ? '>10s' : `≤${b.le}`, value: b.count })),
    ),
  ]
  const verdict = summary.passed ? '<span class="ok">PASSED</span>' : '<span class="fail">FAILED</span>'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}.sub{color:#666;margin:0 0 16px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0;border:1px solid #ddd;border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}
.legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
pre{background:#f6f6f6;padding:12px;border-radius:6px;overflow:auto;font-size:12px}
.ok{color:#2a7a2a;font-weight:700}.fail{color:#b00;font-weight:700}
</style></head><body>
<h1>${escape(title)} ${verdict}</h1>
<p class="sub">${escape(summary.config.base)} · ${summary.config.mode === 'open' ? `open loop, ${summary.config.rate} requests/s for ${summary.config.duration_s} s` : `closed loop, ${summary.config.requests} requests at concurrency ${summary.config.concurrency}`} · intake p99 ${summary.intake.latency_ms.p99} ms · ${summary.processing.decisions_per_second ?? '-'} decisions/s · invariant ${summary.invariant.ok ? 'OK' : 'FAILED'}</p>
<div class="grid">${charts.join('\n')}</div>
<h2>Summary</h2>
<pre>${escape(formatSummary(summary))}</pre>
</body></html>
`
}

const PALETTE = ['#4363d8', '#3cb44b', '#f58231', '#e6194b', '#911eb4', '#42d4f4', '#f032e6', '#9a6324']
const W = 520
const H = 220
const PAD = { left: 48, right: 12, top: 10, bottom: 28 }

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

function niceMax(value: number): number {
  if (value <= 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}

function axes(maxY: number, seconds: number, unit: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = PAD.top + (1 - f) * (H - PAD.top - PAD.bottom)
    return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" font-size="10">${Math.round(maxY * f * 10) / 10}</text>`
  })
  const xTicks = Array.from({ length: Math.min(seconds, 10) + 1 }, (_, i) => Math.round((i * seconds) / Math.max(1, Math.min(seconds, 10)))).map((s) => {
    const x = PAD.left + (s / Math.max(1, seconds)) * (W - PAD.left - PAD.right)
    return `<text x="${x}" y="${H - 10}" text-anchor="middle" font-size="10">${s}s</text>`
  })
  return `${ticks.join('')}${xTicks.join('')}<text x="4" y="${PAD.top + 8}" font-size="10" fill="#666">${escape(unit)}</text>`
}

function lineChart(title: string, unit: string, lines: Array<{ name: string; color: string; values: Array<number | null> }>): string {
  const points = Math.max(1, ...lines.map((l) => l.values.length))
  const maxY = niceMax(Math.max(0, ...lines.flatMap((l) => l.values.filter((v): v is number => v !== null))))
  const x = (i: number) => PAD.left + (points > 1 ? i / (points - 1) : 0.5) * (W - PAD.left - PAD.right)
  const y = (v: number) => PAD.top + (1 - v / maxY) * (H - PAD.top - PAD.bottom)
  const paths = lines.map((line) => {
    const d = line.values
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p): p is string => p !== null)
    return d.length === 0 ? '' : `<polyline class="series" fill="none" stroke="${line.color}" stroke-width="2" points="${d.join(' ')}"><title>${escape(line.name)}</title></polyline>`
  })
  const empty = lines.every((l) => l.values.every((v) => v === null)) ? `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#999">no data (the server exports no queue gauge)</text>` : ''
  return `<figure><figcaption>${escape(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escape(title)}">${axes(maxY, points - 1, unit)}${paths.join('')}${empty}</svg>
<div class="legend">${lines.map((l) => `<span><i style="background:${l.color}"></i>${escape(l.name)}</span>`).join('')}</div></figure>`
}

function barChart(title: string, bars: Array<{ label: string; value: number }>): string {
  const maxY = niceMax(Math.max(0, ...bars.map((b) => b.value)))
  const width = (W - PAD.left - PAD.right) / bars.length
  const rects = bars.map((bar, i) => {
    const h = (bar.value / maxY) * (H - PAD.top - PAD.bottom)
    const x = PAD.left + i * width
    return `<rect class="series" x="${(x + 2).toFixed(1)}" y="${(H - PAD.bottom - h).toFixed(1)}" width="${(width - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="#4363d8"><title>${escape(bar.label)} ms: ${bar.value}</title></rect><text x="${(x + width / 2).toFixed(1)}" y="${H - 10}" text-anchor="middle" font-size="9">${escape(bar.label)}</text>`
  })
  const ticks = [0, 0.5, 1].map((f) => {
    const y = PAD.top + (1 - f) * (H - PAD.top - PAD.bottom)
    return `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" font-size="10">${Math.round(maxY * f)}</text>`
  })
  return `<figure><figcaption>${escape(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${escape(title)}">${ticks.join('')}${rects.join('')}</svg><div class="legend"><span>upper bound of each bucket, ms</span></div></figure>`
}
