/** The parts of `pnpm bench --scale` (scale.ts) that are not the run itself: shapes, CPU readings, the table. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { unansweredSummary, type Summary } from './summary.js'
import type { ServerCounts } from './server-counters.js'
import { machineTicks } from './quota-throttling.js'
import { BALANCES, isBalance, type Balance } from './client.js'

type RedisShape = 'single' | 'cluster'
export interface Shape {
  redis: RedisShape
  shards: number
  gateways: number
  workers: number
  /**
   * Run this many separate platforms of this shape side by side (each its own Redis, database and
   * users, the load split evenly): the control for a scale-out row, as if each pair were a
   * platform of its own. Absent: one platform.
   */
  platforms?: number
  /** Settings added to the platform's environment (`--plan`: the same shape with and without a setting, alternated in one run). */
  env?: Record<string, string>
  /** The row's name in the table, instead of the shape's description. */
  label?: string
  /** Under `--cpu-quota`: the quota's period in ms (default 100, as in Kubernetes and Docker; see cpu-quota.ts). */
  quotaPeriodMs?: number
  /** How the load generator spreads requests over the gateways (default: `--balance`, see createClient). */
  balance?: Balance
  /** Under `--cpu-quota`: requests per gateway of each booking warm-up round before the bursts (default 3,000, a burst's; see warmedUp). */
  warmUpRequests?: number
}

/**
 * `--plan <file>`: the rows to run, in order, instead of the shapes (a JSON array of
 * `{ gateways, workers, shards?, redis?, platforms?, quotaPeriodMs?, balance?, warmUpRequests?, env?, label? }`). Quota runs move by a fifth or more from
 * one minute to the next on this machine, so comparing settings means alternating them in one run
 * (A B A B), not running each once.
 */
export function parsePlan(text: string): Shape[] {
  const rows: unknown = JSON.parse(text)
  if (!Array.isArray(rows) || rows.length === 0) throw new Error('--plan: a JSON array of rows, at least one')
  return rows.map((row: Record<string, unknown>, i) => {
    const count = (key: string, fallback?: number) => {
      const value = row[key] ?? fallback
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 64) throw new Error(`--plan row ${i + 1}: ${key} must be a whole number 1-64`)
      return value as number
    }
    const redis = row.redis ?? 'single'
    if (redis !== 'single' && redis !== 'cluster') throw new Error(`--plan row ${i + 1}: redis is single or cluster`)
    const env = row.env ?? {}
    if (typeof env !== 'object' || env === null || Object.values(env).some((value) => typeof value !== 'string')) throw new Error(`--plan row ${i + 1}: env maps names to strings`)
    if (row.label !== undefined && typeof row.label !== 'string') throw new Error(`--plan row ${i + 1}: label is a string`)
    const warmUp = row.warmUpRequests
    if (warmUp !== undefined && !(Number.isInteger(warmUp) && (warmUp as number) >= 100 && (warmUp as number) <= 100_000)) throw new Error(`--plan row ${i + 1}: warmUpRequests must be a whole number 100-100000`)
    const balance = row.balance
    if (balance !== undefined && !isBalance(balance)) throw new Error(`--plan row ${i + 1}: balance is ${BALANCES.join(' or ')}`)
    const period = row.quotaPeriodMs
    if (period !== undefined && !(Number.isInteger(period) && (period as number) >= 1 && (period as number) <= 1_000)) throw new Error(`--plan row ${i + 1}: quotaPeriodMs must be a whole number 1-1000`)
    return {
      redis,
      shards: count('shards', 1),
      gateways: count('gateways'),
      workers: count('workers'),
      ...(row.platforms !== undefined ? { platforms: count('platforms') } : {}),
      ...(period !== undefined ? { quotaPeriodMs: period as number } : {}),
      ...(balance !== undefined ? { balance } : {}),
      ...(warmUp !== undefined ? { warmUpRequests: warmUp as number } : {}),
      ...(Object.keys(env).length > 0 ? { env: env as Record<string, string> } : {}),
      ...(row.label !== undefined ? { label: row.label as string } : {}),
    }
  })
}

export function describeShape(shape: Shape): string {
  return (
    shape.label ??
    `${shape.platforms ? `${shape.platforms} x (` : ''}${shape.redis === 'single' ? 'single Redis' : 'cluster'} k=${shape.shards}, ${shape.gateways} gw, ${shape.workers} wk${shape.platforms ? ')' : ''}`
  )
}

/** One axis at a time from 1 gateway + 1 worker on a single Redis. */
export const DEFAULT_SHAPES: Shape[] = [
  { redis: 'single', shards: 1, gateways: 1, workers: 1 },
  { redis: 'single', shards: 1, gateways: 1, workers: 2 },
  { redis: 'single', shards: 1, gateways: 1, workers: 4 },
  { redis: 'single', shards: 1, gateways: 2, workers: 2 },
  { redis: 'cluster', shards: 1, gateways: 1, workers: 2 },
  { redis: 'cluster', shards: 3, gateways: 1, workers: 2 },
  { redis: 'cluster', shards: 3, gateways: 2, workers: 4 },
]
/**
 * Under a CPU quota: 1+1, 2+2 and 4+4 gateways+workers, as deployed: one booking queue on a
 * single Redis (the default BOOKING_QUEUE_SHARDS=1, every worker reading it), one shard per
 * master on the 3-master cluster. Until the sixth run of 2026-12-01, a shard per worker (3 per
 * worker on the cluster): each gateway's turn was split over every shard, where one queue for
 * all workers has measured as fast as separate platforms since a batch takes two round trips
 * (docs/scaling.md).
 */
export const QUOTA_SHAPES: Shape[] = (['single', 'cluster'] as const).flatMap((redis) => {
  const shape = (n: number): Shape => ({ redis, shards: redis === 'single' ? 1 : 3, gateways: n, workers: n })
  // 1+1 again after 4+4, and each speed-up against the mean of the two (see baselineOf): one 1+1
  // row has read 226 and 320 decisions/s in two runs twenty minutes apart, and 247 then 181 at the
  // start and end of one run, so a ratio to a single 1+1 row read the row's luck as much as the
  // platform's scaling. Bracketing the bigger shapes cancels a drift and averages two processes.
  return [shape(1), shape(2), shape(4), { ...shape(1), label: `${describeShape(shape(1))}, again` }]
})
/**
 * Where bursts run side by side (separate platforms) start together: each platform's burst waits
 * at the line (runLoadtest's onBurstStart, once its users are signed in and its connections open)
 * until every platform has arrived, and `onAll` runs once, as the last arrives, for the readings
 * the measured window starts with. Until 2026-12-02 each platform started when its own sign-in was
 * done, and the window ran from the first start to the last decision, so separate platforms read
 * low (four of them: intake rates adding up to 960 requests a second, 542 decisions a second over
 * the window). `abandon` lets everyone through (a platform that failed before the line).
 */
export function startLine(count: number, onAll: () => void = () => undefined) {
  let arrived = 0
  let release!: () => void
  const all = new Promise<void>((resolve) => (release = resolve))
  return {
    arrive: (): Promise<void> => {
      if (++arrived === count) {
        onAll()
        release()
      }
      return all
    },
    abandon: () => release(),
  }
}

/** Every combination of 1/2/4 workers, 1/2 gateways and single Redis / cluster k=1 / cluster k=3. */
const REDIS_SETUPS: Array<Pick<Shape, 'redis' | 'shards'>> = [
  { redis: 'single', shards: 1 },
  { redis: 'cluster', shards: 1 },
  { redis: 'cluster', shards: 3 },
]
export const FULL_SHAPES: Shape[] = REDIS_SETUPS.flatMap((setup) => [1, 2].flatMap((gateways) => [1, 2, 4].map((workers) => ({ ...setup, gateways, workers }))))

/**
 * `--independent`: after each n+n quota shape with n > 1, n separate 1+1 platforms side by side.
 * The machine runs the same number of quota-held gateways and workers either way; only the
 * platform is shared or not, so the gap between the two rows is what one platform's parts cost
 * each other (shared Redis keys, tables, rows, users), not what the machine can hold.
 */
export function withIndependentControls(shapes: Shape[]): Shape[] {
  return shapes.flatMap((shape) =>
    shape.gateways === shape.workers && shape.gateways > 1 && shape.redis === 'single' && !shape.platforms
      ? [shape, { redis: 'single', shards: 1, gateways: 1, workers: 1, platforms: shape.gateways }]
      : [shape],
  )
}

/** The most booking warm-up rounds under a quota before the bursts start anyway (see warmedUp). */
export const MAX_WARM_UP_ROUNDS = 8

/**
 * Whether a quota'd shape's processes are warm: neither of the last two booking warm-up rounds cost
 * (gateway and worker CPU per request) more than `tolerance` less than the cheapest round before
 * them. Two rounds, because one round on this machine can read a fifth dearer or cheaper than the
 * next for reasons of its own (the first version stopped at the first round that got dearer: 1,313,
 * 1,063, then 1,323 us, still compiling; the second, after three rounds, at 883, 1,195 and 828 us).
 *
 * Why rounds until it settles: on a tenth of a core V8 compiles the hot code on the same tenth,
 * and it took 9,000-12,000 requests per process: five bursts of 3,000 on the same processes after
 * the old fixed 1,000-request warm-up measured 178, 230, 276, 296 and 302 decisions/s at 1+1 (975
 * to 608 us of gateway and worker CPU per decision, their compiler and collector threads' share
 * 32 % to 11 %), 495 to 836-994 at 4+4 (docs/scaling.md). A burst measured before that reads how
 * fast a process compiles, not what a long-running one decides.
 */
export function warmedUp(costs: number[], tolerance = 0.1): boolean {
  // At least the 12,000 requests per process the five bursts needed, whatever a round read.
  if (costs.length < 4) return false
  const best = Math.min(...costs.slice(0, -2))
  return Math.min(...costs.slice(-2)) >= best * (1 - tolerance)
}

/** Clients per gateway under a CPU quota (see burstForShape). */
const CLIENTS_PER_GATEWAY = 200

/**
 * A burst under a CPU quota, for a shape: 200 clients and the burst's requests (3,000) for each
 * gateway, and as many more tickets where every request books (spread, stadium; the hot event keeps
 * its 1,000). More users bring more gateways, so a bigger shape meets more of them.
 *
 * Why clients scale: a throttled gateway answers each request late (a turn of its event loop can
 * wait out the rest of its quota period), so with 100 connections in all, 4 gateways sat below their
 * quotas waiting for requests. Why requests scale: with 3,000 in all, 4+4 gave each gateway 750,
 * from about 530 users it met for the first time (each a token to verify and an account to read)
 * and a quarter of the burst's start and tail; two separate 1+1 platforms given half the burst
 * each spent twice the CPU per booking of one given all of it (738 against 391 us), and 4+4
 * measured 1.07x 1+1 where, given 3,000 requests per gateway, it measured 2.59x (same run of the
 * code, docs/scaling.md). Every shape now does the same work per process, so the curve compares
 * throughput, not the length of the burst.
 */
export function burstForShape<B extends { requests: number; tickets: number; concurrency: number }>(burst: B, shape: Shape): B {
  const pairs = shape.gateways * (shape.platforms ?? 1)
  const everyRequestBooks = burst.tickets >= burst.requests
  return { ...burst, concurrency: CLIENTS_PER_GATEWAY * pairs, requests: burst.requests * pairs, tickets: everyRequestBooks ? burst.tickets * pairs : burst.tickets }
}

/** The separate platforms' unanswered requests together (absent when none had any). */
function unansweredOf(summaries: Summary[]): Pick<Summary['intake'], 'unanswered'> {
  const all = summaries.flatMap((one) => (one.intake.unanswered ? [one.intake.unanswered] : []))
  if (all.length === 0) return {}
  const kinds: Record<string, number> = {}
  for (const one of all) for (const [kind, count] of Object.entries(one.kinds)) kinds[kind] = (kinds[kind] ?? 0) + count
  return { unanswered: { kinds, first: unansweredSummary(all.flatMap((one) => one.first)).first } }
}

/**
 * One summary for bursts run side by side on separate platforms: every request's decision over one
 * window (`windowSeconds`, from the first burst's start to the last platform's last decision: a
 * platform that starts late counts against the total, where adding each one's own rate would
 * not); intake rates and status counts add up; the invariant holds only if it held on every one.
 * One platform's summary is returned as it is (its own decisions/s, as every platform row reports).
 */
export function combineSummaries(summaries: Summary[], windowSeconds: number): Summary {
  if (summaries.length === 1) return summaries[0]!
  const [first] = summaries
  if (!first) throw new Error('no summaries to combine')
  const total = (pick: (summary: Summary) => number | null) => summaries.reduce((sum, one) => sum + (pick(one) ?? 0), 0)
  const statusCodes: Record<string, number> = {}
  for (const one of summaries) for (const [code, count] of Object.entries(one.intake.status_codes)) statusCodes[code] = (statusCodes[code] ?? 0) + count
  return {
    ...first,
    passed: summaries.every((one) => one.passed),
    intake: { ...first.intake, requests_per_second: Math.round(total((one) => one.intake.requests_per_second) * 10) / 10, status_codes: statusCodes, network_errors: total((one) => one.intake.network_errors), ...unansweredOf(summaries) },
    processing: { ...first.processing, decisions_per_second: windowSeconds > 0 ? Math.round((total((one) => one.config.requests) / windowSeconds) * 10) / 10 : null },
    invariant: { ok: summaries.every((one) => one.invariant.ok), checks: summaries.flatMap((one) => one.invariant.checks) },
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc; null once it is gone. `stat`:
 * another stat file of the process (one thread's, /proc/<pid>/task/<tid>/stat).
 */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
export function cpuSeconds(pid: number | undefined, stat = `/proc/${pid}/stat`): number | null {
  if (!pid) return null
  try {
    const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS
  } catch {
    return null
  }
}
export function mysqlPid(): number | undefined {
  try {
    return Number(execFileSync('pidof', ['-s', 'mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(/\s+/)[0]) || undefined
  } catch {
    return undefined
  }
}

export type Group = 'gateway' | 'worker' | 'redis' | 'mysql'
export interface Measured {
  shape: Shape
  workload: string
  /** With --repeat: which of the workload's bursts on the same processes (1 = the first). */
  round?: number
  summary: Summary
  /** Share of one core each process used during the burst and its drain, by group. */
  cpu: Record<Group | 'loadgen', number[]>
  /**
   * The workers' group commit over the burst: bookings per batch and milliseconds per commit (all
   * workers); and the gateways' bundles: requests per booking job added (all gateways).
   */
  batches?: { size: number; commitMs: number; bundle?: number }
  /**
   * Per decision: the commands the shape's Redis servers ran, the scripts called (BullMQ's adds,
   * takes and completions among them) and the statements MySQL ran (server-counters.ts): counts
   * that do not drift with the machine's speed, as the rates do.
   */
  counts?: ServerCounts
  /** The share of the gateways' and of the workers' CPU spent outside their main threads (V8's compiler and garbage collector). */
  background?: { gateway: number; worker: number }
  /**
   * Under a quota: the share of their quota periods the gateways and the workers were throttled in
   * (mean per process: near 100 %, bound by their quota); and the cores the whole machine kept busy,
   * with the share the hypervisor stole (quota-throttling.ts).
   */
  load?: { throttled: { gateway: number; worker: number }; machine: { cores: number; steal: number } }
}

/** The group-commit totals a worker, or the bundle totals a gateway, has exported so far (its /metrics; what it does not export is 0). */
export interface BatchTotals {
  jobs: number
  batches: number
  commitSeconds: number
  bundledRequests: number
  bundles: number
}
export function parseBatchTotals(metrics: string): BatchTotals {
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? 0)
  return {
    jobs: value('tickets_booking_batch_size_sum'),
    batches: value('tickets_booking_batch_size_count'),
    commitSeconds: value('tickets_booking_batch_commit_duration_seconds_sum'),
    bundledRequests: value('tickets_booking_job_requests_sum'),
    bundles: value('tickets_booking_job_requests_count'),
  }
}
/** Mean batch size and commit time, and mean requests per booking job added, between two readings of every worker and gateway. */
export function batchesBetween(before: BatchTotals[], after: BatchTotals[]): Measured['batches'] {
  const sum = (list: BatchTotals[], key: keyof BatchTotals) => list.reduce((total, one) => total + one[key], 0)
  const delta = (key: keyof BatchTotals) => sum(after, key) - sum(before, key)
  if (delta('batches') <= 0) return undefined
  return {
    size: delta('jobs') / delta('batches'),
    commitMs: (delta('commitSeconds') / delta('batches')) * 1000,
    ...(delta('bundles') > 0 ? { bundle: delta('bundledRequests') / delta('bundles') } : {}),
  }
}

const pct = (shares: number[]) => shares.map((share) => (Number.isNaN(share) ? '?' : `${Math.round(share * 100)}`)).join('+')

/** One share as a percentage, '-' when there is none (nothing was spent). */
const pct1 = (share: number) => (Number.isFinite(share) ? String(Math.round(share * 100)) : '-')

/** Gateway and worker CPU (us) per decision of a row, undefined when nothing was decided. */
const usPerDecision = ({ cpu, summary }: Measured): number | undefined =>
  summary.processing.decisions_per_second ? ([...cpu.gateway, ...cpu.worker].reduce((sum, share) => sum + share, 0) / summary.processing.decisions_per_second) * 1e6 : undefined

export const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length

/**
 * What a row's speed-up is read against: the mean decisions/s and gateway+worker CPU per decision
 * of the rows that are one platform of 1 gateway and 1 worker with the same Redis setup, settings
 * and burst (the default quota set runs 1+1 before and after the bigger shapes; a plan may list
 * several). Undefined when there is none.
 */
export function baselineOf(row: Measured, rows: Measured[]): { decisionsPerSecond: number; usPerDecision: number } | undefined {
  const setup = ({ shape, round }: Measured) => JSON.stringify([shape.redis, shape.env ?? {}, shape.quotaPeriodMs, shape.balance, shape.warmUpRequests, round])
  const ones = rows.filter((one) => one.shape.gateways === 1 && one.shape.workers === 1 && !one.shape.platforms && setup(one) === setup(row) && one.summary.processing.decisions_per_second)
  const costs = ones.map(usPerDecision).filter((cost): cost is number => cost !== undefined)
  if (ones.length === 0 || costs.length === 0) return undefined
  return { decisionsPerSecond: mean(ones.map((one) => one.summary.processing.decisions_per_second!)), usPerDecision: mean(costs) }
}

/** One table per workload: a row per shape, decisions and intake, the invariant, CPU per process and in total. */
export function scaleTable(rows: Measured[]): string[][] {
  const ratio = (value: number | null | undefined, base: number | undefined) => (value && base ? `${(value / base).toFixed(2)}x` : '-')
  return [
    ['configuration', 'decisions/s', 'vs 1+1', 'intake req/s', 'invariant', 'CPU gateways', 'CPU workers', 'CPU redis', 'CPU mysql', 'CPU loadgen', 'CPU total', 'gw+wk us/decision', 'CPU vs 1+1', 'bundle', 'batch', 'commit ms', 'redis cmds', 'scripts', 'mysql stmts', 'lock waits/1k', 'deadlocks/1k', 'bg gw/wk %', 'throttled gw/wk %', 'machine cores', 'steal %'],
    ...rows.map((row) => {
      const { shape, round, summary, cpu, batches, counts, background, load } = row
      const base = baselineOf(row, rows)
      const cost = usPerDecision(row)
      return [
        round ? `${describeShape(shape)}, burst ${round}` : describeShape(shape),
        (summary.processing.decisions_per_second ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 }),
        // Against the mean of the same setup's 1+1 rows (baselineOf).
        ratio(summary.processing.decisions_per_second, base?.decisionsPerSecond),
        summary.intake.requests_per_second.toLocaleString('en-US', { maximumFractionDigits: 0 }),
        summary.invariant.ok ? 'OK' : 'FAILED',
        pct(cpu.gateway),
        pct(cpu.worker),
        pct(cpu.redis),
        pct(cpu.mysql),
        pct(cpu.loadgen),
        // Near the machine's cores: it was saturated, and more processes can only share it.
        pct([Object.values(cpu).flat().reduce((sum, share) => sum + share, 0)]),
        // CPU of all gateways and workers together per decision: flat when adding processes costs nothing.
        cost === undefined ? '-' : String(Math.round(cost)),
        ratio(cost, base?.usPerDecision),
        // Requests per booking job the gateways added, bookings per group commit, and its time:
        // every job costs an add, a take and a completion whatever it holds, and a worker's batch
        // holds the jobs it took while its last commit ran.
        batches?.bundle ? batches.bundle.toFixed(1) : '-',
        batches ? batches.size.toFixed(1) : '-',
        batches ? batches.commitMs.toFixed(1) : '-',
        // Per decision: what the shape made Redis and MySQL do (how many jobs, batches and reads a
        // booking cost), and how much of each process went to V8's compiler and collector threads.
        counts ? counts.redisCommands.toFixed(1) : '-',
        counts ? counts.redisScripts.toFixed(2) : '-',
        counts ? counts.mysqlStatements.toFixed(2) : '-',
        // Per 1,000 decisions: batches waiting on each other's row locks, and deadlocks (retried).
        counts ? (counts.mysqlLockWaits * 1000).toFixed(1) : '-',
        counts ? (counts.mysqlDeadlocks * 1000).toFixed(1) : '-',
        background ? `${pct1(background.gateway)}/${pct1(background.worker)}` : '-',
        // Throttled in nearly every period: the process was the limit. Short of its share yet rarely
        // throttled: it waited, for work or for a core this machine's other processes had.
        load ? `${pct1(load.throttled.gateway)}/${pct1(load.throttled.worker)}` : '-',
        load ? load.machine.cores.toFixed(2) : '-',
        load ? pct1(load.machine.steal) : '-',
      ]
    }),
  ]
}

/**
 * Waits until the machine is quiet (under `maxBusy` of its CPU over a `windowMs` window), at most
 * `timeoutMs`: a burst measured while MySQL still purges the previous run's rows, or a dropped
 * database is still being freed, measures that too. Returns the share busy in the last window.
 */
export async function settle({ maxBusy = 0.1, windowMs = 500, timeoutMs = 30_000 } = {}): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const before = machineTicks()
    await new Promise((resolve) => setTimeout(resolve, windowMs))
    const after = machineTicks()
    // Time the hypervisor gave another guest is time this machine was not quiet either.
    const busy = (after.busy + after.steal - before.busy - before.steal) / Math.max(1, after.total - before.total)
    if (busy <= maxBusy || Date.now() > deadline) return busy
  }
}

interface CurvePoint {
  /** Gateways (= workers) in the shape. */
  processes: number
  decisionsPerSecond: number
}
export interface Curve {
  label: string
  points: CurvePoint[]
}

/**
 * The scale-out curve as a small SVG (docs/scaling.md): decisions/s against gateways+workers, one
 * line per workload and Redis setup, and each line's ideal (its first point times the processes),
 * dashed. Plain SVG with no script or font of its own, so it shows on GitHub and in any browser.
 */
export function curveSvg(curves: Curve[], title: string): string {
  const width = 640
  const height = 360
  const margin = { left: 60, right: 190, top: 36, bottom: 44 }
  const xs = [...new Set(curves.flatMap((curve) => curve.points.map((point) => point.processes)))].sort((a, b) => a - b)
  const ideal = (curve: Curve) => curve.points.map((point) => ({ ...point, decisionsPerSecond: (curve.points[0]!.decisionsPerSecond * point.processes) / curve.points[0]!.processes }))
  const top = Math.max(1, ...curves.flatMap((curve) => [...curve.points, ...ideal(curve)].map((point) => point.decisionsPerSecond)))
  const step = 10 ** Math.floor(Math.log10(top)) / (top / 10 ** Math.floor(Math.log10(top)) < 3 ? 4 : 2)
  const yMax = Math.ceil(top / step) * step
  const x = (processes: number) => margin.left + ((Math.log2(processes) - Math.log2(xs[0]!)) / Math.max(1, Math.log2(xs.at(-1)!) - Math.log2(xs[0]!))) * (width - margin.left - margin.right)
  const y = (value: number) => height - margin.bottom - (value / yMax) * (height - margin.top - margin.bottom)
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']
  const line = (points: CurvePoint[]) => points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.processes).toFixed(1)},${y(point.decisionsPerSecond).toFixed(1)}`).join(' ')
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${margin.left}" y="20" font-size="14">${escape(title)}</text>`,
  ]
  for (let value = 0; value <= yMax; value += step) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>`)
    parts.push(`<text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value.toLocaleString('en-US')}</text>`)
  }
  for (const processes of xs) parts.push(`<text x="${x(processes).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle">${processes}+${processes}</text>`)
  parts.push(`<text x="${(margin.left + width - margin.right) / 2}" y="${height - 8}" text-anchor="middle">gateways + workers</text>`)
  parts.push(`<text x="14" y="${(margin.top + height - margin.bottom) / 2}" transform="rotate(-90 14 ${(margin.top + height - margin.bottom) / 2})" text-anchor="middle">decisions/s</text>`)
  curves.forEach((curve, i) => {
    const colour = colours[i % colours.length]!
    parts.push(`<path d="${line(ideal(curve))}" fill="none" stroke="${colour}" stroke-dasharray="4 4" stroke-opacity="0.6"/>`)
    parts.push(`<path d="${line(curve.points)}" fill="none" stroke="${colour}" stroke-width="2"/>`)
    for (const point of curve.points) parts.push(`<circle cx="${x(point.processes).toFixed(1)}" cy="${y(point.decisionsPerSecond).toFixed(1)}" r="3" fill="${colour}"/>`)
    const legendY = margin.top + 10 + i * 20
    parts.push(`<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`)
    parts.push(`<text x="${width - margin.right + 42}" y="${legendY + 4}">${escape(curve.label)}</text>`)
  })
  parts.push(`<text x="${width - margin.right + 12}" y="${margin.top + 14 + curves.length * 20}" fill="#666">dashed: linear from 1+1</text>`)
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
