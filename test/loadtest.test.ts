import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'
import { loadtest as runCli } from './support/loadtest-cli.js'

const ADMIN = { ADMIN_EMAIL: 'loadtest-admin@example.com', ADMIN_PASSWORD: 'loadtest-admin-password' }

/** `pnpm loadtest` with this file's administrator. */
const loadtest = (args: string[]) => runCli(args, ADMIN)

describe('pnpm loadtest against the real stack', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ ...ADMIN, BCRYPT_COST: '4', BOOKING_RATE_LIMIT_MAX: '1000' }, { workers: 1 })
  })
  afterAll(() => stack?.stop())

  it('fires a burst, follows every booking to its decision and reports the invariant holding', async () => {
    const { code, stdout, stderr } = await loadtest([
      '--base', stack.gatewayUrl, '--tickets', '30', '--users', '12', '--requests', '120',
      '--quantity', '1-3', '--concurrency', '20', '--limit', '5', '--json', '--drain-timeout', '60',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout)

    expect(summary.config).toMatchObject({ requests: 120, concurrency: 20, users: 12, quantity: '1-3', tickets: 30, limit: 5 })
    // Accepted, or refused at intake once a commit sold the event out.
    const codes = summary.intake.status_codes
    expect(Object.keys(codes).every((code) => code === '202' || code === '409')).toBe(true)
    expect((codes['202'] ?? 0) + (codes['409'] ?? 0)).toBe(120)
    expect(summary.intake.accepted).toBe(codes['202'])
    expect(summary.processing.sold_out_at_intake).toBe(codes['409'] ?? 0)
    expect(summary.intake.network_errors).toBe(0)
    expect(summary.intake.requests_per_second).toBeGreaterThan(0)
    const { p50, p90, p95, p99, max } = summary.intake.latency_ms
    expect(0 < p50 && p50 <= p90 && p90 <= p95 && p95 <= p99 && p99 <= max).toBe(true)
    expect(summary.intake.latency_histogram.reduce((sum: number, b: { count: number }) => sum + b.count, 0)).toBe(120)
    expect(summary.config.mode).toBe('closed')
    // Second by second: every request sent is in the series (queue depth only with --report).
    expect(summary.series.reduce((sum: number, s: { sent: number }) => sum + s.sent, 0)).toBe(120)

    // 120 requests for 30 tickets sell out; every booking is decided exactly once.
    expect(summary.processing.decided).toBe(summary.intake.accepted)
    expect(summary.processing.time_to_sold_out_ms).toBeGreaterThan(0)
    expect(summary.processing.time_to_drain_ms).toBeGreaterThanOrEqual(summary.processing.time_to_sold_out_ms)
    expect(summary.processing.completed_per_second).toBeGreaterThan(0)
    const outcomes = Object.values<{ bookings: number }>(summary.outcomes).reduce((sum, o) => sum + o.bookings, 0)
    expect(outcomes).toBe(summary.intake.accepted)
    expect(summary.outcomes['rejected:SOLD_OUT'].bookings).toBeGreaterThan(0)
    expect(summary.tickets).toMatchObject({ total: 30, available: 0, held: 30, confirmed: 0 })
    expect(summary.invariant.ok).toBe(true)
    expect(summary.invariant.checks).toHaveLength(6)
    expect(summary.passed).toBe(true)
    // Progress goes to stderr, never into the JSON on stdout.
    expect(stderr).toContain('burst')
  })

  it('spreads multi-line requests over --categories and checks the invariant per category', async () => {
    const { code, stdout, stderr } = await loadtest([
      '--base', stack.gatewayUrl, '--tickets', '30', '--categories', '3', '--users', '12', '--requests', '60',
      '--quantity', '1-2', '--concurrency', '20', '--limit', 'none', '--json', '--no-progress', '--drain-timeout', '60',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout)
    expect(summary.config).toMatchObject({ categories: 3, tickets: 30 })
    const event = (await (await fetch(`${stack.gatewayUrl}/api/events/${summary.event_ids[0]}`)).json()) as { data: { categories: Array<{ name: string; capacity: number }> } }
    expect(event.data.categories.map((c: { name: string; capacity: number }) => [c.name, c.capacity])).toEqual([['Category 1', 10], ['Category 2', 10], ['Category 3', 10]])
    // 60 requests of 1-3 lines of 1-2 tickets for 30 tickets: some categories sell out, some requests are refused whole.
    expect((summary.outcomes['rejected:SOLD_OUT']?.bookings ?? 0) + (summary.intake.status_codes['409'] ?? 0)).toBeGreaterThan(0)
    expect(summary.invariant.checks.find((check: { name: string }) => check.name.startsWith('per category'))).toMatchObject({ ok: true, detail: '3/3 categories balanced' })
    expect(summary.invariant.ok).toBe(true)
  })

  it.each(['poll', 'sse'])('with --follow %s, has every client follow its own booking and says what it cost', async (mode) => {
    const { code, stdout, stderr } = await loadtest([
      '--base', stack.gatewayUrl, '--tickets', '40', '--users', '12', '--requests', '60', '--concurrency', '20', '--limit', 'none',
      '--follow', mode, '--json', '--no-progress', '--drain-timeout', '60',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout)
    const queued = summary.intake.status_codes['202'] ?? 0
    expect(queued).toBeGreaterThan(0)
    expect(summary.follow).toMatchObject({ mode, followed: queued, seen: queued })
    // At least one request per booking; a stream is one request whatever the wait, a poll one per look.
    expect(summary.follow.requests).toBeGreaterThanOrEqual(queued)
    expect(summary.follow.requests_per_booking).toBeGreaterThanOrEqual(1)
    expect(summary.follow.seen_after_ms.p50).toBeGreaterThan(0)
    expect(summary.follow.seen_after_ms.p50).toBeLessThanOrEqual(summary.follow.seen_after_ms.p99)
    expect(summary.follow.gateway_cpu_us_per_booking).toBeGreaterThan(0)
    expect(summary.invariant.ok).toBe(true)
  })

  it('reuses the users of an earlier run and prints a readable summary', async () => {
    const { code, stdout } = await loadtest(['--base', stack.gatewayUrl, '--tickets', '5', '--users', '12', '--requests', '20', '--price', '0', '--no-progress'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/requests\/s/)
    expect(stdout).toMatch(/latency\s+p50 [\d.]+ ms\s+p90 [\d.]+ ms\s+p95 [\d.]+ ms\s+p99/)
    expect(stdout).toMatch(/confirmed\s+\d+ bookings\s+\d+ tickets/)
    expect(stdout).toContain('Invariant: OK')
    expect(stdout.trim().split('\n').at(-1)).toBe('PASSED')
  })

  it('exits 1 with the reason when the admin password is wrong', async () => {
    const { code, stderr } = await loadtest(['--base', stack.gatewayUrl, '--admin-password', 'wrong-password', '--no-progress'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/loadtest: admin login answered 401/)
  })
})

describe('pnpm loadtest open loop, thresholds and report', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ ...ADMIN, BCRYPT_COST: '4', BOOKING_RATE_LIMIT_MAX: '1000' }, { workers: 1 })
  })
  afterAll(() => stack?.stop())

  it('sends on schedule in open loop, and writes a self-contained HTML report', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'loadtest-')), 'report.html')
    const { code, stdout, stderr } = await loadtest([
      '--base', stack.gatewayUrl, '--tickets', '40', '--users', '10', '--rate', '40', '--duration', '2',
      '--quantity', '1-2', '--limit', 'none', '--json', '--no-progress', '--report', report, '--max-p99-ms', '60000', '--max-error-rate', '0.01',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout)
    expect(summary.config).toMatchObject({ mode: 'open', rate: 40, duration_s: 2, requests: 80 })
    expect(summary.thresholds.map((t: { name: string; ok: boolean }) => [t.name, t.ok])).toEqual([['intake p99', true], ['error rate', true]])
    // Sent on schedule: about 40 in each of the two seconds.
    expect(summary.series[0].sent).toBeGreaterThanOrEqual(30)
    expect(summary.series.some((s: { queue_waiting: number | null }) => s.queue_waiting !== null)).toBe(true)
    const html = readFileSync(report, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<script|src="http|href="http/)
    expect(html.match(/<svg /g)?.length).toBe(5)
    expect(html).toContain('open loop, 40 requests/s for 2 s')
  })

  it('exits 1 when a threshold is missed, and says which', async () => {
    const { code, stdout } = await loadtest(['--base', stack.gatewayUrl, '--tickets', '5', '--users', '5', '--requests', '10', '--no-progress', '--min-decisions-per-second', '10000000'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/FAIL decisions per second: [\d.]+ \(at least 10000000\)/)
    expect(stdout).toContain('FAILED (invariant, 5xx, network errors or a threshold)')
  })
})

describe('pnpm loadtest flags', () => {
  it.each([
    [['--rate', '10'], '--rate and --duration go together (open loop)'],
    [['--rate', '0', '--duration', '5'], '--rate must be a whole number from 1 to 100000, got "0"'],
    [['--max-p99-ms', 'fast'], '--max-p99-ms must be a number above 0 and at most 3600000, got "fast"'],
    [['--max-error-rate', '2'], '--max-error-rate must be a number above 0 and at most 1, got "2"'],
    [['--report', 'out.txt'], '--report must name an .html file, got "out.txt"'],
  ])('rejects %j with exit code 2', async (args, message) => {
    const { code, stderr } = await loadtest(args)
    expect(code).toBe(2)
    expect(stderr).toBe(`loadtest: ${message}\nRun "pnpm loadtest --help" for the flags.\n`)
  })


  it('rejects a bad flag with exit code 2 and a clear message', async () => {
    const { code, stderr, stdout } = await loadtest(['--concurrency', 'many'])
    expect(code).toBe(2)
    expect(stderr).toBe('loadtest: --concurrency must be a whole number from 1 to 10000, got "many"\nRun "pnpm loadtest --help" for the flags.\n')
    expect(stdout).toBe('')
  })

  it('rejects an unknown flag', async () => {
    const { code, stderr } = await loadtest(['--requets', '10'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/Unknown option '--requets'/)
  })

  it('prints usage for --help', async () => {
    const { code, stdout } = await loadtest(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: pnpm loadtest \[options\]/)
    expect(stdout).toContain('--concurrency <n>')
  })

  it('exits 1 when no gateway answers', async () => {
    const { code, stderr } = await loadtest(['--base', 'http://127.0.0.1:1', '--no-progress'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:1/)
  })
})
