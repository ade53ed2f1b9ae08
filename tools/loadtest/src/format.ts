import type { Progress } from './run.js'
import type { Summary } from './summary.js'

const ms = (value: number | null) => (value === null ? '-' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`)
const num = (value: number | null) => (value === null ? '-' : value.toLocaleString('en-US', { maximumFractionDigits: 1 }))
const codes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${count}`)
    .join('  ') || '-'

/** One line, rewritten in place on a terminal. */
export function formatProgress(progress: Progress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(1)
  if (progress.phase === 'users') return `[${seconds}s] signing in users ${progress.done}/${progress.total}`
  if (progress.phase === 'burst') return `[${seconds}s] burst ${progress.done}/${progress.total}  ${codes(progress.statusCounts ?? {})}`
  return `[${seconds}s] waiting for decisions ${progress.done}/${progress.total}`
}

export function formatSummary(summary: Summary): string {
  const { config, intake, processing, tickets, invariant } = summary
  const lines = [
    config.mode === 'open'
      ? `Open loop: ${config.rate} requests/s for ${config.duration_s} s (${config.requests} requests, latency from each planned send time), ${config.users} users, quantity ${config.quantity}, seed ${config.seed}`
      : `Burst: ${config.requests} requests at concurrency ${config.concurrency}, ${config.users} users, quantity ${config.quantity}, seed ${config.seed}`,
    (config.events === 1
      ? `Event: ${config.tickets} tickets at ${config.price.toFixed(2)}, limit ${config.limit ?? 'none'} per user (${summary.event_ids[0]})`
      : `Events: ${config.events} of ${config.tickets} tickets each at ${config.price.toFixed(2)}, limit ${config.limit ?? 'none'} per user`) +
      (config.categories > 1 ? `; ${config.categories} categories each, 1-3 lines a request` : ''),
    '',
    'Intake (POST /api/bookings)',
    `  requests/s          ${num(intake.requests_per_second)}   (${intake.duration_ms} ms for the burst)`,
    `  latency             p50 ${intake.latency_ms.p50} ms  p90 ${intake.latency_ms.p90} ms  p95 ${intake.latency_ms.p95} ms  p99 ${intake.latency_ms.p99} ms  max ${intake.latency_ms.max} ms`,
    `  distribution        ${intake.latency_histogram.filter((b) => b.count > 0).map((b) => `${b.le === null ? '>10s' : `<=${b.le}ms`} ${b.count}`).join('  ')}`,
    `  status codes        ${codes(intake.status_codes)}${intake.network_errors ? `  network errors: ${intake.network_errors}` : ''}`,
    ...(intake.unanswered ? [`  without an answer   ${describeUnanswered(intake.unanswered)}`] : []),
    '',
    'Processing (worker)',
    `  time to sold out    ${ms(processing.time_to_sold_out_ms)}`,
    `  time to drain       ${ms(processing.time_to_drain_ms)}`,
    `  completed/s         ${num(processing.completed_per_second)}   (${processing.decided} bookings decided by the worker)`,
    `  sold out at intake  ${processing.sold_out_at_intake}   (409 SOLD_OUT at once, nothing queued)`,
    `  decisions/s         ${num(processing.decisions_per_second)}   (every request given its outcome, either way)`,
    '',
    'Outcomes',
    ...Object.entries(summary.outcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      // A rejected booking holds nothing: its number is the tickets it asked for.
      .map(([outcome, { bookings, tickets: count }]) => `  ${outcome.padEnd(26)}${String(bookings).padStart(7)} bookings ${String(count).padStart(7)} ${outcome.startsWith('rejected') ? 'tickets requested' : 'tickets'}`),
    `  tickets             total ${tickets.total}  held ${tickets.held}  confirmed ${tickets.confirmed}  available ${tickets.available}`,
    '',
    ...(summary.follow
      ? [
          `Following (--follow ${summary.follow.mode}): ${summary.follow.seen} of ${summary.follow.followed} queued bookings seen decided by their clients`,
          `  requests/booking    ${summary.follow.requests_per_booking ?? '-'}   (${summary.follow.requests} ${summary.follow.mode === 'poll' ? 'GETs' : 'streams opened'}${summary.follow.refused ? `, ${summary.follow.refused} answered 429 and retried` : ''})`,
          `  seen after          ${summary.follow.seen_after_ms ? `p50 ${summary.follow.seen_after_ms.p50} ms  p95 ${summary.follow.seen_after_ms.p95} ms  p99 ${summary.follow.seen_after_ms.p99} ms` : '-'}   (from the request's send)`,
          `  gateway CPU         ${summary.follow.gateway_cpu_us_per_booking ?? '-'} us per followed booking (burst and following together)`,
          '',
        ]
      : []),
    `Invariant: ${invariant.ok ? 'OK' : 'FAILED'}`,
    ...invariant.checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`),
    '',
    ...(summary.thresholds.length > 0 ? ['Thresholds', ...summary.thresholds.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`), ''] : []),
    summary.passed ? 'PASSED' : 'FAILED (invariant, 5xx, network errors or a threshold)',
  ]
  return lines.join('\n')
}

/**
 * The side-by-side table `pnpm bench` prints: one column per run, then the ratio of the first run
 * to each of the others ("2.00x" = the first has twice the value).
 */
export function compareTable(runs: Array<{ label: string; summary: Summary }>): string[][] {
  const [first, ...others] = runs
  if (!first) return []
  const ratio = (x: number | null, y: number | null) => (x && y ? `${(x / y).toFixed(2)}x` : '-')
  const metrics: Array<[string, (s: Summary) => number | null]> = [
    ['decisions/s (all outcomes)', (s) => s.processing.decisions_per_second],
    ['bookings decided by worker/s', (s) => s.processing.completed_per_second],
    ['time to sold out (ms)', (s) => s.processing.time_to_sold_out_ms],
    ['time to drain (ms)', (s) => s.processing.time_to_drain_ms],
    ['intake requests/s', (s) => s.intake.requests_per_second],
    ['sold-out answers/s (after sell-out)', (s) => s.intake.sold_out_answers_per_second],
    ['intake latency p50 (ms)', (s) => s.intake.latency_ms.p50],
    ['intake latency p90 (ms)', (s) => s.intake.latency_ms.p90],
    ['intake latency p99 (ms)', (s) => s.intake.latency_ms.p99],
  ]
  const header = ['metric', ...runs.map((run) => run.label), ...others.map((other) => `${first.label} / ${other.label}`)]
  const rows = metrics.map(([label, value]) => [
    label,
    ...runs.map((run) => num(value(run.summary))),
    ...others.map((other) => ratio(value(first.summary), value(other.summary))),
  ])
  const invariant = ['invariant', ...runs.map((run) => (run.summary.invariant.ok ? 'OK' : 'FAILED')), ...others.map(() => '')]
  return [header, ...rows, invariant]
}

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)))
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n')
}

/** Requests without an answer: how many of each kind, and where and when the first ones went. */
export function describeUnanswered({ kinds, first }: NonNullable<Summary['intake']['unanswered']>): string {
  const counts = Object.entries(kinds).map(([kind, count]) => `${count} ${kind}`).join(', ')
  const listed = first.map((one) => `${one.server ?? '?'} sent at ${(one.sent_at_ms / 1000).toFixed(1)} s, failed after ${(one.waited_ms / 1000).toFixed(1)} s`).join('; ')
  return `${counts}; first: ${listed}`
}
