import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseCpuQuota, parseQuotaPeriod } from '../src/bench-shared.js'
import { baselineOf, batchesBetween, burstForShape, combineSummaries, cpuSeconds, curveSvg, DEFAULT_SHAPES, describeShape, FULL_SHAPES, parseBatchTotals, parsePlan, QUOTA_SHAPES, scaleTable, startLine, warmedUp, withIndependentControls, type Measured } from '../src/scale-parts.js'
import type { Summary } from '../src/summary.js'

describe('pnpm bench --scale parts', () => {
  it('covers 1/2/4 workers, 1/2 gateways and single Redis, cluster k=1 and k=3: every combination with --full, each value by default', () => {
    expect(new Set(FULL_SHAPES.map(describeShape)).size).toBe(18)
    for (const shapes of [FULL_SHAPES, DEFAULT_SHAPES]) {
      expect(new Set(shapes.map((shape) => shape.workers))).toEqual(new Set([1, 2, 4]))
      expect(new Set(shapes.map((shape) => shape.gateways))).toEqual(new Set([1, 2]))
      expect(new Set(shapes.map((shape) => `${shape.redis}/${shape.shards}`))).toEqual(new Set(['single/1', 'cluster/1', 'cluster/3']))
    }
  })

  it('under a CPU quota: 1+1, 2+2, 4+4 and 1+1 again, one queue on a single Redis and a shard per master on the cluster', () => {
    expect(QUOTA_SHAPES.map(describeShape)).toEqual([
      'single Redis k=1, 1 gw, 1 wk',
      'single Redis k=1, 2 gw, 2 wk',
      'single Redis k=1, 4 gw, 4 wk',
      'single Redis k=1, 1 gw, 1 wk, again',
      'cluster k=3, 1 gw, 1 wk',
      'cluster k=3, 2 gw, 2 wk',
      'cluster k=3, 4 gw, 4 wk',
      'cluster k=3, 1 gw, 1 wk, again',
    ])
  })

  it('--independent: after each n+n on one Redis with n > 1, n separate 1+1 platforms, described as such', () => {
    expect(withIndependentControls(QUOTA_SHAPES).map(describeShape)).toEqual([
      'single Redis k=1, 1 gw, 1 wk',
      'single Redis k=1, 2 gw, 2 wk',
      '2 x (single Redis k=1, 1 gw, 1 wk)',
      'single Redis k=1, 4 gw, 4 wk',
      '4 x (single Redis k=1, 1 gw, 1 wk)',
      'single Redis k=1, 1 gw, 1 wk, again',
      'cluster k=3, 1 gw, 1 wk',
      'cluster k=3, 2 gw, 2 wk',
      'cluster k=3, 4 gw, 4 wk',
      'cluster k=3, 1 gw, 1 wk, again',
    ])
  })

  it('sizes a quota burst per gateway: 200 clients and the requests each, tickets too where every request books', () => {
    const spread = { requests: 3_000, tickets: 3_000, concurrency: 100, events: 20 }
    const hot = { requests: 3_000, tickets: 1_000, concurrency: 100 }
    const shape = (n: number, platforms?: number) => ({ redis: 'single' as const, shards: n, gateways: n, workers: n, ...(platforms ? { platforms } : {}) })
    expect(burstForShape(spread, shape(1))).toEqual({ requests: 3_000, tickets: 3_000, concurrency: 200, events: 20 })
    expect(burstForShape(spread, shape(4))).toEqual({ requests: 12_000, tickets: 12_000, concurrency: 800, events: 20 })
    // Four separate 1+1 platforms together take what one 4+4 takes (scale.ts splits it between them).
    expect(burstForShape(spread, shape(1, 4))).toEqual(burstForShape(spread, shape(4)))
    // The hot event keeps its 1,000 tickets: more requests only mean more refusals.
    expect(burstForShape(hot, shape(2))).toEqual({ requests: 6_000, tickets: 1_000, concurrency: 400 })
  })

  it('adds up platforms run side by side: every decision over the one window, intake and statuses add, the invariant holds only if it held on each', () => {
    const one = (decisions: number, ok: boolean, codes: Record<string, number>) =>
      ({ passed: ok, config: { requests: 750 }, processing: { decisions_per_second: decisions }, intake: { requests_per_second: decisions + 1, status_codes: codes, network_errors: 0 }, invariant: { ok, checks: [{ name: 'stock', ok, detail: '' }] } }) as unknown as Summary
    // Each decided its 750 at its own rate; together, 1,500 over the 4 s from the first start to the last decision.
    const both = combineSummaries([one(300, true, { 202: 750 }), one(250.5, true, { 202: 750, 503: 1 })], 4)
    expect(both.processing.decisions_per_second).toBe(375)
    expect(both.intake.requests_per_second).toBe(552.5)
    expect(both.intake.status_codes).toEqual({ 202: 1500, 503: 1 })
    expect(both.invariant.ok).toBe(true)
    expect(both.passed).toBe(true)
    const broken = combineSummaries([one(300, true, { 202: 1 }), one(300, false, { 202: 1 })], 5)
    expect(broken.invariant.ok).toBe(false)
    expect(broken.passed).toBe(false)
    expect(broken.invariant.checks).toHaveLength(2)
    expect(both.intake.unanswered).toBeUndefined()
  })

  it('adds up the unanswered requests of platforms run side by side: kinds counted, the first listed in sending order', () => {
    const one = (unanswered: Summary['intake']['unanswered']) =>
      ({ passed: !unanswered, config: { requests: 750 }, processing: { decisions_per_second: 100 }, intake: { requests_per_second: 100, status_codes: { 202: 749 }, network_errors: unanswered ? 1 : 0, ...(unanswered ? { unanswered } : {}) }, invariant: { ok: true, checks: [] } }) as unknown as Summary
    const late = { kind: 'UND_ERR_HEADERS_TIMEOUT', server: 'http://a', sent_at_ms: 900, waited_ms: 60_000 }
    const early = { kind: 'UND_ERR_SOCKET', server: 'http://b', sent_at_ms: 100, waited_ms: 5 }
    const together = combineSummaries([one({ kinds: { UND_ERR_HEADERS_TIMEOUT: 1 }, first: [late] }), one(undefined), one({ kinds: { UND_ERR_SOCKET: 1 }, first: [early] })], 10)
    expect(together.intake.network_errors).toBe(2)
    expect(together.intake.unanswered).toEqual({ kinds: { UND_ERR_HEADERS_TIMEOUT: 1, UND_ERR_SOCKET: 1 }, first: [early, late] })
  })

  it('reads a process CPU time from /proc, growing as it works, and null for a process that is gone', () => {
    const before = cpuSeconds(process.pid)!
    // Spins until /proc shows 0.05 s more CPU (on a busy machine 200 ms of wall time may not get
    // that much), for 10 s at most: a reading that never grows fails.
    const until = Date.now() + 10_000
    while (Date.now() < until && cpuSeconds(process.pid)! - before <= 0.05) for (let i = 0; i < 100_000; i++) Math.sqrt(Math.random())
    expect(cpuSeconds(process.pid)! - before).toBeGreaterThan(0.05)
    expect(cpuSeconds(2 ** 22 + 1)).toBeNull()
    expect(cpuSeconds(undefined)).toBeNull()
  })

  it('prints a row per shape with the ratio to 1+1, CPU per process and the total', () => {
    const run = (decisions: number, cpu: Measured['cpu'], batches?: Measured['batches'], more: Pick<Measured, 'counts' | 'background' | 'load' | 'round'> = {}, n = 1): Measured => ({
      shape: { redis: 'cluster', shards: 3, gateways: n, workers: n },
      workload: 'many',
      summary: { processing: { decisions_per_second: decisions }, intake: { requests_per_second: decisions }, invariant: { ok: true } } as Summary,
      cpu,
      ...(batches ? { batches } : {}),
      ...more,
    })
    const [header, first, second] = scaleTable([
      run(4_000, { gateway: [0.5], worker: [0.3], redis: [0.2], mysql: [0.2], loadgen: [0.3] }, { size: 42.04, commitMs: 8.26, bundle: 4.96 }, {
        counts: { redisCommands: 12.34, redisScripts: 1.104, mysqlStatements: 0.4012, mysqlLockWaits: 0.01234, mysqlDeadlocks: 0.0004 },
        background: { gateway: 0.254, worker: Number.NaN },
        load: { throttled: { gateway: 0.81, worker: Number.NaN }, machine: { cores: 1.234, steal: 0.012 } },
      }),
      run(3_000, { gateway: [0.3, 0.3], worker: [0.2, 0.2], redis: [0.1, 0.1, 0.1], mysql: [0.2], loadgen: [0.25] }, undefined, {}, 2),
    ])
    expect(header).toContain('CPU total')
    expect(header!.slice(-9)).toEqual(['redis cmds', 'scripts', 'mysql stmts', 'lock waits/1k', 'deadlocks/1k', 'bg gw/wk %', 'throttled gw/wk %', 'machine cores', 'steal %'])
    expect(first).toEqual(['cluster k=3, 1 gw, 1 wk', '4,000', '1.00x', '4,000', 'OK', '50', '30', '20', '20', '30', '150', '200', '1.00x', '5.0', '42.0', '8.3', '12.3', '1.10', '0.40', '12.3', '0.4', '25/-', '81/-', '1.23', '1'])
    expect(second!.slice(2)).toEqual(['0.75x', '3,000', 'OK', '30+30', '20+20', '10+10+10', '20', '25', '175', '333', '1.67x', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'])
  })

  it('reads each speed-up against the mean of the 1+1 rows of the same Redis setup, settings and burst', () => {
    const row = (gateways: number, decisions: number, cpu: number, shape: Partial<Measured['shape']> = {}, round?: number): Measured => ({
      shape: { redis: 'single', shards: 1, gateways, workers: gateways, ...shape },
      workload: 'spread',
      ...(round ? { round } : {}),
      summary: { processing: { decisions_per_second: decisions }, intake: { requests_per_second: decisions }, invariant: { ok: true } } as Summary,
      cpu: { gateway: [cpu / 2], worker: [cpu / 2], redis: [0.1], mysql: [0.1], loadgen: [0.1] },
    })
    // 1+1 before (200/s at 0.1 core: 500 us) and after (300/s at 0.15 core: 500 us); 4+4 at 750/s, 0.6 core (800 us).
    const rows = [row(1, 200, 0.1), row(4, 750, 0.6), row(1, 300, 0.15, { label: 'again' })]
    const [, , four] = scaleTable(rows)
    expect(four![2]).toBe('3.00x')
    expect(four![11]).toBe('800')
    expect(four![12]).toBe('1.60x')
    // Not against another Redis setup's, another setting's or another burst's 1+1, nor separate platforms.
    const others = [row(1, 100, 0.1, { redis: 'cluster', shards: 3 }), row(1, 100, 0.1, { env: { X: '1' } }), row(1, 100, 0.1, {}, 2), row(1, 100, 0.1, { platforms: 4 })]
    expect(baselineOf(rows[1]!, [...rows, ...others])).toEqual({ decisionsPerSecond: 250, usPerDecision: 500 })
    expect(baselineOf(row(4, 750, 0.6, { redis: 'cluster', shards: 3 }), rows)).toBeUndefined()
    expect(scaleTable([row(4, 750, 0.6)])[1]![2]).toBe('-')
  })

  it('names the burst of a row when the workloads ran several times on the same processes (--repeat)', () => {
    const row = (round?: number): Measured => ({
      shape: { redis: 'single', shards: 1, gateways: 1, workers: 1 },
      workload: 'spread',
      ...(round ? { round } : {}),
      summary: { processing: { decisions_per_second: 100 }, intake: { requests_per_second: 100 }, invariant: { ok: true } } as Summary,
      cpu: { gateway: [0.1], worker: [0.1], redis: [0.1], mysql: [0.1], loadgen: [0.1] },
    })
    const [, once, first, third] = scaleTable([row(), row(1), row(3)])
    expect([once![0], first![0], third![0]]).toEqual([describeShape(row().shape), `${describeShape(row().shape)}, burst 1`, `${describeShape(row().shape)}, burst 3`])
  })
})

describe('the start line of bursts side by side', () => {
  it('holds every platform until the last arrives, then takes the starting readings once and lets all go', async () => {
    let readings = 0
    const line = startLine(3, () => void readings++)
    const passed: number[] = []
    const first = line.arrive().then(() => passed.push(1))
    const second = line.arrive().then(() => passed.push(2))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(passed).toEqual([])
    expect(readings).toBe(0)
    await Promise.all([line.arrive(), first, second])
    expect(passed.sort()).toEqual([1, 2])
    expect(readings).toBe(1)
  })

  it('lets one platform through at once, and everyone through when one is abandoned', async () => {
    let readings = 0
    await startLine(1, () => void readings++).arrive()
    expect(readings).toBe(1)
    const line = startLine(2)
    const waiting = line.arrive()
    line.abandon()
    await expect(waiting).resolves.toBeUndefined()
  })
})

describe('the booking warm-up under a quota', () => {
  it('goes on for at least four rounds, and while either of the last two is a tenth cheaper than the cheapest before them', () => {
    expect(warmedUp([])).toBe(false)
    expect(warmedUp([975, 810])).toBe(false)
    // The five bursts of docs/scaling.md: still falling at the third and fourth, settled at the fifth.
    expect(warmedUp([975, 810, 597])).toBe(false)
    expect(warmedUp([975, 810, 597, 614])).toBe(false)
    // Never before the fourth round (12,000 requests per process), however flat.
    expect(warmedUp([600, 600, 600])).toBe(false)
    expect(warmedUp([600, 600, 600, 600])).toBe(true)
    expect(warmedUp([975, 810, 597, 614, 608])).toBe(true)
    // One dearer round is not the end: the next may be cheaper still.
    expect(warmedUp([1313, 1063, 1323])).toBe(false)
    expect(warmedUp([1313, 1063, 1323, 900])).toBe(false)
    expect(warmedUp([1313, 1063, 1323, 900, 880])).toBe(false)
    expect(warmedUp([1313, 1063, 1323, 900, 880, 870])).toBe(true)
    expect(warmedUp([700, 600, 500, 520], 0.2)).toBe(true)
    expect(warmedUp([700, 600, 500, 520], 0.1)).toBe(false)
  })
})

describe('group-commit figures of pnpm bench --scale', () => {
  it('reads a worker’s batch totals and a gateway’s bundle totals from their /metrics, and gives the means between two readings of all of them', () => {
    const metrics = (jobs: number, batches: number, seconds: number) =>
      [
        '# HELP tickets_booking_batch_size Booking jobs decided together in one transaction (group commit)',
        `tickets_booking_batch_size_bucket{le="1",service="worker"} 0`,
        `tickets_booking_batch_size_sum{service="worker"} ${jobs}`,
        `tickets_booking_batch_size_count{service="worker"} ${batches}`,
        `tickets_booking_batch_commit_duration_seconds_sum{service="worker"} ${seconds}`,
      ].join('\n')
    const gateway = (requests: number, jobs: number) =>
      [`tickets_booking_job_requests_bucket{le="1",service="gateway"} 0`, `tickets_booking_job_requests_sum{service="gateway"} ${requests}`, `tickets_booking_job_requests_count{service="gateway"} ${jobs}`].join('\n')
    const none = { jobs: 0, batches: 0, commitSeconds: 0, bundledRequests: 0, bundles: 0 }
    expect(parseBatchTotals(metrics(120, 4, 0.5))).toEqual({ ...none, jobs: 120, batches: 4, commitSeconds: 0.5 })
    expect(parseBatchTotals(gateway(30, 6))).toEqual({ ...none, bundledRequests: 30, bundles: 6 })
    expect(parseBatchTotals('')).toEqual(none)
    const before = [parseBatchTotals(metrics(100, 10, 1)), parseBatchTotals(metrics(0, 0, 0))]
    const after = [parseBatchTotals(metrics(400, 16, 1.3)), parseBatchTotals(metrics(200, 4, 0.7))]
    expect(batchesBetween(before, after)).toEqual({ size: 50, commitMs: expect.closeTo(100, 6) })
    expect(batchesBetween(before, before)).toBeUndefined()
    // With the gateways read too: 500 requests in 100 jobs over the burst.
    expect(batchesBetween([...before, parseBatchTotals(gateway(100, 50))], [...after, parseBatchTotals(gateway(600, 150))])).toEqual({ size: 50, commitMs: expect.closeTo(100, 6), bundle: 5 })
  })
})

describe('the scale-out chart', () => {
  it('draws each curve, its dashed linear ideal from the first point, the shapes and a legend', () => {
    const svg = curveSvg(
      [
        { label: 'spread, one Redis', points: [{ processes: 1, decisionsPerSecond: 200 }, { processes: 2, decisionsPerSecond: 380 }, { processes: 4, decisionsPerSecond: 700 }] },
        { label: 'stadium <one event>', points: [{ processes: 1, decisionsPerSecond: 180 }, { processes: 4, decisionsPerSecond: 190 }] },
      ],
      'decisions/s',
    )
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg.match(/<path /g)).toHaveLength(4) // two curves, two ideals
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2)
    expect(svg.match(/<circle /g)).toHaveLength(5)
    for (const shape of ['1+1', '2+2', '4+4']) expect(svg).toContain(`>${shape}</text>`)
    expect(svg).toContain('stadium &lt;one event>') // text is escaped
    // The axis reaches the ideal of the first curve (800 at 4+4), not only the measured points.
    expect(svg).toContain('>800</text>')
  })
})

describe('pnpm bench --scale --plan', () => {
  it('reads the rows to run, in order, with their settings and labels, and refuses a malformed one', () => {
    const plan = parsePlan(
      JSON.stringify([
        { gateways: 1, workers: 1, env: { BOOKING_BUNDLE_HOLD_MS: '0' }, label: 'A 1+1 no hold' },
        { gateways: 4, workers: 4, shards: 4 },
        { gateways: 2, workers: 2, shards: 6, redis: 'cluster' },
        { gateways: 1, workers: 1, platforms: 4, quotaPeriodMs: 100 },
        { gateways: 4, workers: 4, balance: 'round-robin', warmUpRequests: 4000 },
      ]),
    )
    expect(plan).toEqual([
      { redis: 'single', shards: 1, gateways: 1, workers: 1, env: { BOOKING_BUNDLE_HOLD_MS: '0' }, label: 'A 1+1 no hold' },
      { redis: 'single', shards: 4, gateways: 4, workers: 4 },
      { redis: 'cluster', shards: 6, gateways: 2, workers: 2 },
      { redis: 'single', shards: 1, gateways: 1, workers: 1, platforms: 4, quotaPeriodMs: 100 },
      { redis: 'single', shards: 1, gateways: 4, workers: 4, balance: 'round-robin', warmUpRequests: 4000 },
    ])
    expect(describeShape(plan[0]!)).toBe('A 1+1 no hold')
    expect(describeShape(plan[1]!)).toBe('single Redis k=4, 4 gw, 4 wk')
    expect(() => parsePlan('[]')).toThrow(/at least one/)
    expect(() => parsePlan('[{"gateways": 1}]')).toThrow(/row 1: workers/)
    expect(() => parsePlan('[{"gateways": 1, "workers": 1, "redis": "sentinel"}]')).toThrow(/redis/)
    expect(() => parsePlan('[{"gateways": 1, "workers": 1, "env": {"BOOKING_BUNDLE_HOLD_MS": 0}}]')).toThrow(/env/)
    expect(() => parsePlan('[{"gateways": 1, "workers": 1, "quotaPeriodMs": 0.5}]')).toThrow(/quotaPeriodMs/)
    expect(() => parsePlan('[{"gateways": 1, "workers": 1, "platforms": 0}]')).toThrow(/platforms/)
    expect(() => parsePlan('[{"gateways": 4, "workers": 4, "balance": "random"}]')).toThrow(/balance is round-robin or least-outstanding/)
    expect(() => parsePlan('[{"gateways": 1, "workers": 1, "warmUpRequests": 10}]')).toThrow(/warmUpRequests/)
  })

  it('reads every plan kept in tools/loadtest/plans (the documented runs name their period and balance: both defaults changed)', () => {
    const dir = new URL('../plans/', import.meta.url)
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      const rows = parsePlan(readFileSync(new URL(name, dir), 'utf8'))
      expect(rows.every((row) => row.quotaPeriodMs !== undefined && row.balance !== undefined), name).toBe(true)
    }
  })
})

describe('pnpm bench --scale --cpu-quota / --quota-period-ms', () => {
  it('reads a share of a core and a period in whole ms, and refuses anything else', () => {
    expect(parseCpuQuota(undefined)).toBeUndefined()
    expect(parseCpuQuota('0.1')).toBe(0.1)
    expect(() => parseCpuQuota('0')).toThrow(/--cpu-quota/)
    expect(parseQuotaPeriod(undefined)).toBeUndefined()
    expect(parseQuotaPeriod('10')).toBe(10)
    expect(() => parseQuotaPeriod('0.5')).toThrow(/--quota-period-ms/)
    expect(() => parseQuotaPeriod('2000')).toThrow(/--quota-period-ms/)
  })
})
