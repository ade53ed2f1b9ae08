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
 * 1+1, 2+2 and 4+4 on a single Redis and on the cluster with 3 shards, bursts of 3,000 requests
 * (a tenth of a core decides a few hundred a second). `--workloads spread,stadium,hot,many`
 * picks the workloads; `--redis single|cluster` one Redis setup; `--shapes 1+1,4+4` some shapes;
 * `--shards <k>` the same number of booking queue shards for every shape; `--svg <file>` writes the
 * curve as a chart.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { resolveServices } from '@tickets/testing/run'
import { cpuQuotaUnavailable } from '@tickets/testing/cpu-quota'
import { formatTable } from './format.js'
import type { LoadtestOptions } from './options.js'
import { runLoadtest } from './run.js'
import { ADMIN, HOT, MANY, parseCpuQuota, SPREAD, STADIUM, WARM_UP, type Burst } from './bench-shared.js'
import { batchesBetween, cpuSeconds, curveSvg, DEFAULT_SHAPES, describeShape, FULL_SHAPES, parseBatchTotals, QUOTA_SHAPES, scaleTable, type BatchTotals, type Group, type Measured, type Shape } from './scale-parts.js'
import { startShape, type RunningShape } from './scale-shape.js'

const { values } = parseArgs({
  options: {
    scale: { type: 'boolean' },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    svg: { type: 'string' },
    'cpu-quota': { type: 'string' },
    workloads: { type: 'string' },
    redis: { type: 'string' },
    shapes: { type: 'string' },
    shards: { type: 'string' },
  },
  strict: true,
})

const quota = parseCpuQuota(values['cpu-quota'])
const quotaProblem = quota === undefined ? undefined : cpuQuotaUnavailable()
if (quotaProblem) throw new Error(`--cpu-quota: ${quotaProblem}`)

const shards = values.shards === undefined ? undefined : Number(values.shards)
if (shards !== undefined && !(Number.isInteger(shards) && shards >= 1 && shards <= 64)) throw new Error(`--shards takes a whole number of booking queue shards, 1-64 (got ${values.shards})`)
const SHAPES = (quota !== undefined ? QUOTA_SHAPES : values.full ? FULL_SHAPES : DEFAULT_SHAPES)
  .filter((shape) => (!values.redis || shape.redis === values.redis) && (!values.shapes || values.shapes.split(',').includes(`${shape.gateways}+${shape.workers}`)))
  .map((shape) => (shards === undefined ? shape : { ...shape, shards }))
// Under a quota a tenth of a core decides a few hundred bookings a second: smaller bursts. And
// clients in proportion to the gateways, as behind a load balancer when more users bring more
// gateways: a throttled gateway answers each request late (a turn of its event loop can wait out
// the rest of a 10 ms period), so with 100 connections in all, 4 gateways sat below their quotas
// waiting for requests, and each batched less per turn (Redis pipelines, account reads): the
// curve measured the clients. 200 per gateway keep every shape at its quotas.
const CLIENTS_PER_GATEWAY = 200
const sized = (burst: Burst, tickets: number): Burst => (quota === undefined ? burst : { ...burst, requests: 3_000, tickets })
const forShape = (burst: Burst, shape: Shape): Burst => (quota === undefined ? burst : { ...burst, concurrency: CLIENTS_PER_GATEWAY * shape.gateways })
const ALL_WORKLOADS = [
  { name: 'spread', title: '20 paid events, every request books', burst: sized(SPREAD, 3_000) },
  { name: 'stadium', title: 'one paid event, every request books', burst: sized(STADIUM, 3_000) },
  { name: 'hot', title: `one hot event (1,000 tickets, ${quota === undefined ? '10,000' : '3,000'} requests)`, burst: sized(HOT, 1_000) },
  { name: 'many', title: `20 events of 250 tickets (${quota === undefined ? '10,000' : '3,000'} requests)`, burst: sized(MANY, 250) },
] as const
const chosen = values.workloads?.split(',').map((name) => name.trim()) ?? (quota === undefined ? ['hot', 'many'] : ['spread', 'stadium', 'hot'])
const WORKLOADS = ALL_WORKLOADS.filter((workload) => chosen.includes(workload.name))

const log = (line: string) => process.stderr.write(`${line}\n`)

const services = await resolveServices()
const results: Measured[] = []

for (const shape of SHAPES) {
  log(`\n== ${describeShape(shape)}: starting the stack`)
  let running: RunningShape | undefined
  try {
    running = await startShape(shape, { mysqlUrl: services.mysqlUrl, quota })
    const { stack, processes } = running
    const options = (burst: Burst): LoadtestOptions => ({
      ...burst,
      base: stack.gatewayUrl,
      bookingBase: stack.gatewayUrls,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      json: false,
      progress: true,
    })
    log('-- warm-up burst')
    const warm = await runLoadtest(options(WARM_UP))
    if (!warm.passed) throw new Error(`warm-up failed: invariant ${warm.invariant.ok ? 'ok' : 'FAILED'}`)

    for (const workload of WORKLOADS) {
      log(`-- ${workload.name} burst`)
      // The clock starts with the burst: signing users in before it is not what scales here.
      let start: { at: number; self: NodeJS.CpuUsage; cpu: Record<Group, Array<number | null>> } | undefined
      const snapshot = () => Object.fromEntries(Object.entries(processes).map(([group, pids]) => [group, pids.map(cpuSeconds)])) as Record<Group, Array<number | null>>
      // ...and stops once every booking is decided: listing them all afterwards (for the
      // invariant check, through the first gateway) is not what scales either.
      let end: { at: number; self: NodeJS.CpuUsage; cpu: Record<Group, Array<number | null>> } | undefined
      const batchTotals = () => Promise.all(stack.workerUrls.map(async (url) => parseBatchTotals(await (await fetch(`${url}/metrics`)).text())))
      const batchesBefore = await batchTotals()
      let batchesAfter: BatchTotals[] = []
      const summary = await runLoadtest(options(forShape(workload.burst, shape)), {
        onProgress: (progress) => {
          if (progress.phase === 'burst' && !start) start = { at: performance.now(), self: process.cpuUsage(), cpu: snapshot() }
        },
        onDecided: async () => {
          end = { at: performance.now(), self: process.cpuUsage(start!.self), cpu: snapshot() }
          batchesAfter = await batchTotals()
        },
      })
      const wall = (end!.at - start!.at) / 1000
      const self = end!.self
      const share = (group: Group) => end!.cpu[group].map((seconds, i) => (seconds === null || start!.cpu[group][i] == null ? NaN : (seconds - start!.cpu[group][i]!) / wall))
      results.push({
        shape,
        workload: workload.name,
        summary,
        cpu: { gateway: share('gateway'), worker: share('worker'), redis: share('redis'), mysql: share('mysql'), loadgen: [(self.user + self.system) / 1e6 / wall] },
        batches: batchesBetween(batchesBefore, batchesAfter),
      })
      log(`   decisions/s ${summary.processing.decisions_per_second}  intake/s ${summary.intake.requests_per_second}  invariant ${summary.invariant.ok ? 'OK' : 'FAILED'}`)
      for (const check of summary.invariant.checks) if (!check.ok) log(`   FAILED ${check.name}: ${check.detail}`)
      log(`   statuses ${JSON.stringify(summary.intake.status_codes)}, ${summary.intake.network_errors} without an answer`)
    }
  } finally {
    await running?.stop().catch((error: Error) => log(error.message))
  }
}

// --svg <file>: the curve as a chart (one line per workload and Redis setup, shapes n+n).
if (values.svg) {
  const curves = [...new Set(results.map((result) => `${result.workload} ${result.shape.redis}`))].map((key) => {
    const rows = results.filter((result) => `${result.workload} ${result.shape.redis}` === key && result.shape.gateways === result.shape.workers)
    return { label: `${rows[0]!.workload}, ${rows[0]!.shape.redis === 'single' ? 'one Redis' : 'cluster'}`, points: rows.map((row) => ({ processes: row.shape.workers, decisionsPerSecond: row.summary.processing.decisions_per_second ?? 0 })) }
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

