/**
 * `pnpm bench --scale`: the platform in several shapes, side by side in one run on this machine.
 *
 * Each configuration is a fresh stack (database and Redis prefix of its own) started as in
 * production (NODE_ENV=production, AOF everysec on every Redis), then: a warm-up burst, the hot
 * event and the many-events burst of `pnpm bench`. Measured per burst: decisions/s, intake
 * requests/s, the invariant, and the CPU each process used during the burst and its drain, as a
 * share of one core (from /proc: gateways, workers, each Redis server, MySQL, the load generator).
 *
 * Default: one axis at a time from 1 gateway + 1 worker on a single Redis (more workers, a
 * second gateway, a 3-master Redis Cluster with one queue, then with 3 shards). `--full` runs
 * every combination of 1/2/4 workers, 1/2 gateways and single Redis / cluster k=1 / cluster k=3.
 *
 * `--cpu-quota <cores>` (say 0.1) puts every gateway and worker process in a cgroup of its own
 * with that share of a core (Redis, MySQL and the load generator stay outside), so the curve
 * shows whether the platform scales out rather than that this 2-core machine is full; shapes
 * 1+1, 2+2, 4+4 and 1+1 again on a single Redis and on the cluster with 3 shards (each speed-up
 * against the mean of the two 1+1 rows: see baselineOf), bursts of 3,000 requests per gateway
 * (a tenth of a core decides a few hundred a second). `--workloads spread,stadium,hot,many`
 * picks the workloads; `--redis single|cluster` one Redis setup; `--shapes 1+1,4+4` some shapes;
 * `--shards <k>` the same number of booking queue shards for every shape; `--svg <file>` writes the
 * curve as a chart. `--independent` adds, after each n+n shape, n separate 1+1 platforms side by side
 * (each its own Redis, database and users; the requests and clients split between them): the same
 * quota-held processes on the same machine, sharing nothing, so the gap between the two rows is the
 * platform's own, not the machine's. `--balance round-robin` sends the requests to the gateways in
 * turn instead of to the one with the fewest in flight (see createClient). `--repeat <n>` runs the
 * workloads n times over on each shape's processes (a row per burst). `--plan <file>` runs the rows a JSON file lists instead (each a
 * shape with settings and a label of its own; see parsePlan): settings compared A B A B in one run.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { resolveServices } from '@tickets/testing/run'
import { cpuQuotaUnavailable } from '@tickets/testing/cpu-quota'
import { BALANCES, isBalance } from './client.js'
import { describeUnanswered, formatTable } from './format.js'
import type { LoadtestOptions } from './options.js'
import { runLoadtest } from './run.js'
import type { Summary } from './summary.js'
import { ADMIN, HOT, MANY, parseCpuQuota, parseQuotaPeriod, SPREAD, STADIUM, WARM_UP, type Burst } from './bench-shared.js'
import { batchesBetween, burstForShape, combineSummaries, cpuSeconds, curveSvg, DEFAULT_SHAPES, describeShape, FULL_SHAPES, MAX_WARM_UP_ROUNDS, mean, parseBatchTotals, parsePlan, QUOTA_SHAPES, scaleTable, startLine, warmedUp, withIndependentControls, type BatchTotals, type Group, type Measured, type Shape } from './scale-parts.js'
import { keepOutputs, startShape, type RunningShape } from './scale-shape.js'
import { machineBusy, machineTicks, readThrottling, throttledShare } from './quota-throttling.js'
import { backgroundShare, countsPerDecision, readServerCounts, threadReadings, type ServerCounts } from './server-counters.js'

const { values } = parseArgs({
  options: {
    scale: { type: 'boolean' },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    svg: { type: 'string' },
    'cpu-quota': { type: 'string' },
    'quota-period-ms': { type: 'string' },
    workloads: { type: 'string' },
    redis: { type: 'string' },
    shapes: { type: 'string' },
    shards: { type: 'string' },
    independent: { type: 'boolean', default: false },
    plan: { type: 'string' },
    balance: { type: 'string' },
    repeat: { type: 'string' },
  },
  strict: true,
})

const quota = parseCpuQuota(values['cpu-quota'])
const quotaPeriodMs = parseQuotaPeriod(values['quota-period-ms'])
const quotaProblem = quota === undefined ? undefined : cpuQuotaUnavailable()
if (quotaProblem) throw new Error(`--cpu-quota: ${quotaProblem}`)

const balance = values.balance ?? 'least-outstanding'
if (!isBalance(balance)) throw new Error(`--balance is ${BALANCES.join(' or ')} (got ${values.balance})`)
const repeat = Number(values.repeat ?? 1)
if (!(Number.isInteger(repeat) && repeat >= 1 && repeat <= 20)) throw new Error(`--repeat takes how many times to run each workload on the same processes, 1-20 (got ${values.repeat})`)
const shards = values.shards === undefined ? undefined : Number(values.shards)
if (shards !== undefined && !(Number.isInteger(shards) && shards >= 1 && shards <= 64)) throw new Error(`--shards takes a whole number of booking queue shards, 1-64 (got ${values.shards})`)
const PLATFORM_SHAPES = (quota !== undefined ? QUOTA_SHAPES : values.full ? FULL_SHAPES : DEFAULT_SHAPES)
  .filter((shape) => (!values.redis || shape.redis === values.redis) && (!values.shapes || values.shapes.split(',').includes(`${shape.gateways}+${shape.workers}`)))
  .map((shape) => (shards === undefined ? shape : { ...shape, shards }))
const SHAPES = values.plan ? parsePlan(readFileSync(values.plan, 'utf8')) : values.independent ? withIndependentControls(PLATFORM_SHAPES) : PLATFORM_SHAPES
// Under a quota a tenth of a core decides a few hundred bookings a second: smaller bursts, sized
// per gateway and worker pair (see burstForShape).
const sized = (burst: Burst, tickets: number): Burst => (quota === undefined ? burst : { ...burst, requests: 3_000, tickets })
const forShape = (burst: Burst, shape: Shape): Burst => (quota === undefined ? burst : burstForShape(burst, shape))
/**
 * Under a quota every process compiles its hot code on its own tenth of a core, so each gateway
 * and each worker must have run the paths measured before the clock starts: the sold-out path (the
 * hot warm-up) and the booking path, over 20 events so that every shard's worker commits, both
 * sized per gateway like the bursts. With one warm-up for the whole shape, each 4+4 gateway saw a
 * quarter of it and three of its workers none (one event, one shard), and a profile of a 4+4
 * gateway during the burst found V8's optimising compiler in 19 % of its samples against 9.5 % at
 * 1+1 (docs/scaling.md). The booking warm-up is repeated until the CPU per request stops falling
 * (warmedUp): a long-running process is what is measured.
 */
const hotWarmUp = (shape: Shape): Burst => (quota === undefined ? WARM_UP : forShape(WARM_UP, shape))
const bookingWarmUp = (shape: Shape, round: number): Burst =>
  forShape({ ...SPREAD, requests: shape.warmUpRequests ?? 3_000, tickets: shape.warmUpRequests ?? 3_000, seed: 8 + round }, shape)
const ALL_WORKLOADS = [
  { name: 'spread', title: '20 paid events, every request books', burst: sized(SPREAD, 3_000) },
  { name: 'stadium', title: 'one paid event, every request books', burst: sized(STADIUM, 3_000) },
  { name: 'hot', title: `one hot event (1,000 tickets, ${quota === undefined ? '10,000 requests' : '3,000 requests per gateway'})`, burst: sized(HOT, 1_000) },
  { name: 'many', title: `20 events of 250 tickets (${quota === undefined ? '10,000 requests' : '3,000 requests per gateway'})`, burst: sized(MANY, 250) },
] as const
const chosen = values.workloads?.split(',').map((name) => name.trim()) ?? (quota === undefined ? ['hot', 'many'] : ['spread', 'stadium', 'hot'])
const WORKLOADS = ALL_WORKLOADS.filter((workload) => chosen.includes(workload.name))
// --repeat n: the workloads n times over on the same processes, so that a row's later bursts show
// what the processes' history (compiled code, heap, Redis and MySQL contents) does to the figures.
const BURSTS = Array.from({ length: repeat }, (_, index) => WORKLOADS.map((workload) => ({ ...workload, round: repeat > 1 ? index + 1 : undefined }))).flat()

const log = (line: string) => process.stderr.write(`${line}\n`)
/** Requests decided in some runs: booked or refused by the worker, or refused at intake as sold out. */
const decisionsOf = (summaries: Summary[]) => summaries.reduce((sum, one) => sum + one.processing.decided + one.processing.sold_out_at_intake, 0)

const services = await resolveServices()
const results: Measured[] = []

for (const shape of SHAPES) {
  log(`\n== ${describeShape(shape)}: starting the stack${shape.platforms ? 's' : ''}`)
  const platforms: RunningShape[] = []
  try {
    // Separate platforms start one after the other (each is ready before the next starts).
    for (let i = 0; i < (shape.platforms ?? 1); i++) platforms.push(await startShape({ ...shape, quotaPeriodMs: shape.quotaPeriodMs ?? quotaPeriodMs }, { mysqlUrl: services.mysqlUrl, quota }))
    const options = ({ stack }: RunningShape, burst: Burst): LoadtestOptions => ({
      ...burst,
      base: stack.gatewayUrl,
      bookingBase: stack.gatewayUrls,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      json: false,
      progress: platforms.length === 1,
      balance: shape.balance ?? balance,
    })
    // Side by side, the load is split: the platforms together take the requests and clients one would.
    const split = (burst: Burst): Burst => ({ ...burst, requests: Math.round(burst.requests / platforms.length), concurrency: Math.round(burst.concurrency / platforms.length) })
    const groups = (['gateway', 'worker', 'redis', 'mysql'] as const).map((group) => [group, group === 'mysql' ? platforms[0]!.processes.mysql : platforms.flatMap((platform) => platform.processes[group])] as const)
    const pidsOf = (group: Group) => groups.find(([name]) => name === group)![1]
    /** Each process's CPU seconds so far (null for one that is gone). */
    const cpuOf = (group: Group) => pidsOf(group).map((pid) => cpuSeconds(pid))
    /** Runs a warm-up burst; returns the gateways' and workers' CPU per request from its start to its last decision. */
    const warmUp = async (burst: Burst) => {
      const processCpu = (): number => [...cpuOf('gateway'), ...cpuOf('worker')].reduce<number>((sum, seconds) => sum + (seconds ?? 0), 0)
      let from = 0
      let to = 0
      let undecided = platforms.length
      const line = startLine(platforms.length, () => (from = processCpu()))
      const hooks = {
        onBurstStart: line.arrive,
        onDecided: () => void (--undecided === 0 && (to = processCpu())),
      }
      const warm = await Promise.all(platforms.map((platform) => runLoadtest(options(platform, split(burst)), hooks).finally(line.abandon)))
      if (!warm.every((one) => one.invariant.ok)) throw new Error('warm-up failed: invariant FAILED')
      // A 5xx or a request without an answer is reported as a burst's is, and the bench goes on: with
      // 12,000 and more requests per process before the clock starts, a run should not end on one.
      if (!warm.every((one) => one.passed)) {
        const summary = combineSummaries(warm, 1)
        log(`   warm-up: statuses ${JSON.stringify(summary.intake.status_codes)}, ${summary.intake.network_errors} without an answer`)
        if (summary.intake.unanswered) log(`   without an answer: ${describeUnanswered(summary.intake.unanswered)}`)
        log(`   every process's output: ${keepOutputs(platforms, `${describeShape(shape)} warm-up`)}`)
      }
      return ((to - from) / decisionsOf(warm)) * 1e6
    }
    log('-- warm-up burst')
    await warmUp(hotWarmUp(shape))
    if (quota !== undefined) {
      // Booking rounds until the CPU per request stops falling (see warmedUp).
      const costs: number[] = []
      while (!warmedUp(costs) && costs.length < MAX_WARM_UP_ROUNDS) {
        costs.push(await warmUp(bookingWarmUp(shape, costs.length)))
        log(`-- warm-up round ${costs.length}: ${Math.round(costs.at(-1)!)} us of gateway and worker CPU per request`)
      }
    }
    const workerUrls = platforms.flatMap((platform) => platform.stack.workerUrls)
    const gatewayUrls = platforms.flatMap((platform) => platform.stack.gatewayUrls)

    for (const workload of BURSTS) {
      log(`-- ${workload.name} burst${workload.round ? ` ${workload.round} of ${repeat}` : ''}`)
      // The clock starts with the burst (every platform's at once, side by side): signing users
      // in before it is not what scales here.
      const snapshot = () => Object.fromEntries(groups.map(([group]) => [group, cpuOf(group)])) as Record<Group, Array<number | null>>
      // Main thread against the rest, for the gateways and the workers.
      const threads = () => ({ gateway: threadReadings(pidsOf('gateway')), worker: threadReadings(pidsOf('worker')) })
      // Held by the quota: each quota'd process; and how busy the whole machine was.
      const load = () => ({
        gateway: readThrottling(platforms.flatMap((platform) => platform.quotaGroups.gateway)),
        worker: readThrottling(platforms.flatMap((platform) => platform.quotaGroups.worker)),
        machine: machineTicks(),
      })
      type Reading = { at: number; self: NodeJS.CpuUsage; cpu: Record<Group, Array<number | null>>; threads: ReturnType<typeof threads>; load: ReturnType<typeof load> }
      let start: Reading | undefined
      const redisPorts = platforms.flatMap((platform) => platform.redisPorts)
      // Read as the burst starts (not before: signing the users in is not what is counted).
      let countsBefore: Promise<ServerCounts> | undefined
      // ...and stops once every booking is decided (the last platform's): listing them all
      // afterwards (for the invariant check, through the first gateway) is not what scales either.
      let end: Reading | undefined
      let countsAfter: ServerCounts | undefined
      const batchTotals = () => Promise.all([...workerUrls, ...gatewayUrls].map(async (url) => parseBatchTotals(await (await fetch(`${url}/metrics`)).text())))
      const batchesBefore = await batchTotals()
      let batchesAfter: BatchTotals[] = []
      let undecided = platforms.length
      const share = split(forShape(workload.burst, shape))
      // Every platform's burst starts at once, and the clock with them (see startLine).
      const line = startLine(platforms.length, () => {
        start = { at: performance.now(), self: process.cpuUsage(), cpu: snapshot(), threads: threads(), load: load() }
        countsBefore = readServerCounts(redisPorts, services.mysqlUrl)
        countsBefore.catch(() => undefined)
      })
      const summaries = await Promise.all(
        platforms.map((platform) =>
          runLoadtest(options(platform, share), {
            onBurstStart: line.arrive,
            onDecided: async () => {
              if (--undecided > 0) return
              end = { at: performance.now(), self: process.cpuUsage(start!.self), cpu: snapshot(), threads: threads(), load: load() }
              const [batches, counts] = await Promise.all([batchTotals(), readServerCounts(redisPorts, services.mysqlUrl)])
              batchesAfter = batches
              countsAfter = counts
            },
          }).finally(line.abandon),
        ),
      )
      const wall = (end!.at - start!.at) / 1000
      const summary = combineSummaries(summaries, wall)
      const self = end!.self
      const cpuShare = (group: Group) => end!.cpu[group].map((seconds, i) => (seconds === null || start!.cpu[group][i] == null ? NaN : (seconds - start!.cpu[group][i]!) / wall))
      results.push({
        shape,
        workload: workload.name,
        ...(workload.round ? { round: workload.round } : {}),
        summary,
        cpu: { gateway: cpuShare('gateway'), worker: cpuShare('worker'), redis: cpuShare('redis'), mysql: cpuShare('mysql'), loadgen: [(self.user + self.system) / 1e6 / wall] },
        batches: batchesBetween(batchesBefore, batchesAfter),
        counts: countsPerDecision(await countsBefore!, countsAfter!, decisionsOf(summaries)),
        background: { gateway: backgroundShare(start!.threads.gateway, end!.threads.gateway), worker: backgroundShare(start!.threads.worker, end!.threads.worker) },
        ...(quota === undefined
          ? {}
          : {
              load: {
                throttled: { gateway: throttledShare(start!.load.gateway, end!.load.gateway), worker: throttledShare(start!.load.worker, end!.load.worker) },
                machine: machineBusy(start!.load.machine, end!.load.machine, availableParallelism()),
              },
            }),
      })
      log(`   decisions/s ${summary.processing.decisions_per_second}  intake/s ${summary.intake.requests_per_second}  invariant ${summary.invariant.ok ? 'OK' : 'FAILED'}`)
      for (const check of summary.invariant.checks) if (!check.ok) log(`   FAILED ${check.name}: ${check.detail}`)
      log(`   statuses ${JSON.stringify(summary.intake.status_codes)}, ${summary.intake.network_errors} without an answer`)
      if (summary.intake.unanswered) log(`   without an answer: ${describeUnanswered(summary.intake.unanswered)}`)
      // A request with no answer is a failure to explain; the processes' output lives only in memory.
      if (summary.intake.network_errors > 0) log(`   every process's output: ${keepOutputs(platforms, describeShape(shape))}`)
    }
  } finally {
    for (const platform of platforms) await platform.stop().catch((error: Error) => log(error.message))
  }
}

// --svg <file>: the curve as a chart (one line per workload and Redis setup, shapes n+n; with
// --independent, a line of n separate 1+1 platforms too, from the same 1+1 row).
if (values.svg) {
  const kind = (result: Measured) => `${result.workload} ${result.shape.redis}${result.shape.platforms ? ' independent' : ''}`
  const curves = [...new Set(results.map(kind))].map((key) => {
    const independent = key.endsWith(' independent')
    const rows = results.filter((result) => kind(result) === key && result.shape.gateways === result.shape.workers)
    const single = independent ? results.filter((result) => result.workload === rows[0]!.workload && !result.shape.platforms && result.shape.redis === 'single' && result.shape.workers === 1) : []
    const measured = [...single, ...rows].map((row) => ({ processes: row.shape.platforms ?? row.shape.workers, decisionsPerSecond: row.summary.processing.decisions_per_second ?? 0 }))
    // One point per shape: the mean of its rows (1+1 runs before and after the bigger shapes).
    const points = [...new Set(measured.map((point) => point.processes))].map((processes) => ({
      processes,
      decisionsPerSecond: mean(measured.filter((point) => point.processes === processes).map((point) => point.decisionsPerSecond)),
    }))
    return { label: `${rows[0]!.workload}, ${independent ? 'separate 1+1 platforms' : rows[0]!.shape.redis === 'single' ? 'one Redis' : 'cluster'}`, points }
  })
  writeFileSync(values.svg, curveSvg(curves, `pnpm bench --scale${quota !== undefined ? ` --cpu-quota ${quota}` : ''}: decisions/s`))
  log(`wrote ${values.svg}`)
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results.map(({ summary, ...rest }) => ({ ...rest, decisions_per_second: summary.processing.decisions_per_second, intake_requests_per_second: summary.intake.requests_per_second, invariant_ok: summary.invariant.ok })), null, 2)}\n`)
} else {
  process.stdout.write(
    `\npnpm bench --scale: same machine, same run, same load generator (${SHAPES.length} shapes). NODE_ENV=production, AOF everysec on every Redis.\n` +
      'CPU: % of one core per process during the burst and its drain (gateways, workers, Redis servers each; MySQL; the load generator), and their total. k = booking queue shards.\n',
  )
  for (const workload of WORKLOADS) {
    const rows = results.filter((result) => result.workload === workload.name)
    const table = scaleTable(rows)
    process.stdout.write(`\n=== ${workload.title}\n${formatTable(table)}\n`)
  }
}
process.exitCode = results.every(({ summary }) => summary.passed) ? 0 : 1

