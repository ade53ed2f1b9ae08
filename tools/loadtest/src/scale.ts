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
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createTestRun, resolveServices } from '@tickets/testing/run'
import { startRedisCluster, startRedisServer } from '@tickets/testing/redis-server'
import { startStack, type Stack } from '@tickets/testing/stack'
import { formatTable } from './format.js'
import type { LoadtestOptions } from './options.js'
import { runLoadtest } from './run.js'
import type { Summary } from './summary.js'
import { ADMIN, HOT, MANY, WARM_UP, platformEnv, type Burst } from './bench-shared.js'

const { values } = parseArgs({ options: { scale: { type: 'boolean' }, full: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, strict: true })

type RedisShape = 'single' | 'cluster'
interface Shape {
  redis: RedisShape
  shards: number
  gateways: number
  workers: number
}

const DEFAULT_SHAPES: Shape[] = [
  { redis: 'single', shards: 1, gateways: 1, workers: 1 },
  { redis: 'single', shards: 1, gateways: 1, workers: 2 },
  { redis: 'single', shards: 1, gateways: 1, workers: 4 },
  { redis: 'single', shards: 1, gateways: 2, workers: 2 },
  { redis: 'cluster', shards: 1, gateways: 1, workers: 2 },
  { redis: 'cluster', shards: 3, gateways: 1, workers: 2 },
  { redis: 'cluster', shards: 3, gateways: 2, workers: 4 },
]
const FULL_SHAPES: Shape[] = (['single-1', 'cluster-1', 'cluster-3'] as const).flatMap((redis) =>
  [1, 2].flatMap((gateways) => [1, 2, 4].map((workers) => ({ redis: redis.split('-')[0] as RedisShape, shards: Number(redis.split('-')[1]), gateways, workers }))),
)
const SHAPES = values.full ? FULL_SHAPES : DEFAULT_SHAPES
const WORKLOADS = [
  { name: 'hot', title: 'one hot event (1,000 tickets, 10,000 requests)', burst: HOT },
  { name: 'many', title: '20 events of 250 tickets (10,000 requests)', burst: MANY },
] as const

const describeShape = (shape: Shape) => `${shape.redis === 'single' ? 'single Redis' : 'cluster'} k=${shape.shards}, ${shape.gateways} gw, ${shape.workers} wk`
const log = (line: string) => process.stderr.write(`${line}\n`)

/** CPU seconds (user + system) a process has used so far, from /proc; null once it is gone. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS
  } catch {
    return null
  }
}
function mysqlPid(): number | undefined {
  try {
    return Number(execFileSync('pidof', ['-s', 'mariadbd', 'mysqld'], { encoding: 'utf8' }).trim().split(/\s+/)[0]) || undefined
  } catch {
    return undefined
  }
}

type Group = 'gateway' | 'worker' | 'redis' | 'mysql'
interface Measured {
  shape: Shape
  workload: string
  summary: Summary
  /** Share of one core each process used during the burst and its drain, by group. */
  cpu: Record<Group | 'loadgen', number[]>
}

const services = await resolveServices()
const results: Measured[] = []

for (const shape of SHAPES) {
  const single = shape.redis === 'single' ? await startRedisServer({ appendfsync: 'everysec' }) : undefined
  const cluster = shape.redis === 'cluster' ? await startRedisCluster({ appendfsync: 'everysec' }) : undefined
  const redisServers = single ? [single] : cluster!.servers
  const run = await createTestRun({ mysqlUrl: services.mysqlUrl, redisUrl: single?.url ?? 'redis://127.0.0.1:6379' }, 'scale')
  log(`\n== ${describeShape(shape)}: starting the stack`)
  let stack: Stack | undefined
  try {
    stack = await startStack(
      {
        ...platformEnv(run),
        ...(cluster ? { REDIS_CLUSTER_NODES: cluster.nodes } : {}),
        BOOKING_QUEUE_SHARDS: String(shape.shards),
      },
      { workers: shape.workers, gateways: shape.gateways },
    )
    const processes = {
      gateway: stack.processes.filter((p) => p.name.startsWith('gateway')).map((p) => p.child.pid),
      worker: stack.processes.filter((p) => p.name.startsWith('worker')).map((p) => p.child.pid),
      redis: redisServers.map((server) => server.pid()),
      mysql: [mysqlPid()],
    }
    const options = (burst: Burst): LoadtestOptions => ({
      ...burst,
      base: stack!.gatewayUrl,
      bookingBase: stack!.gatewayUrls,
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
      const summary = await runLoadtest(options(workload.burst), {
        onProgress: (progress) => {
          if (progress.phase === 'burst' && !start) start = { at: performance.now(), self: process.cpuUsage(), cpu: snapshot() }
        },
      })
      const end = snapshot()
      const wall = (performance.now() - start!.at) / 1000
      const self = process.cpuUsage(start!.self)
      const share = (group: Group) => end[group].map((seconds, i) => (seconds === null || start!.cpu[group][i] == null ? NaN : (seconds - start!.cpu[group][i]!) / wall))
      results.push({
        shape,
        workload: workload.name,
        summary,
        cpu: { gateway: share('gateway'), worker: share('worker'), redis: share('redis'), mysql: share('mysql'), loadgen: [(self.user + self.system) / 1e6 / wall] },
      })
      log(`   decisions/s ${summary.processing.decisions_per_second}  intake/s ${summary.intake.requests_per_second}  invariant ${summary.invariant.ok ? 'OK' : 'FAILED'}`)
    }
  } finally {
    await stack?.stop()
    await run.teardown()
    await single?.remove()
    await cluster?.remove()
  }
}

const pct = (shares: number[]) => shares.map((share) => (Number.isNaN(share) ? '?' : `${Math.round(share * 100)}`)).join('+')
if (values.json) {
  process.stdout.write(`${JSON.stringify(results.map(({ summary, ...rest }) => ({ ...rest, decisions_per_second: summary.processing.decisions_per_second, intake_requests_per_second: summary.intake.requests_per_second, invariant_ok: summary.invariant.ok })), null, 2)}\n`)
} else {
  process.stdout.write(
    `\npnpm bench --scale: same machine, same run, same load generator (${SHAPES.length} shapes). NODE_ENV=production, AOF everysec on every Redis.\n` +
      'CPU: % of one core per process during the burst and its drain (gateways, workers, Redis servers each; MySQL; the load generator). k = booking queue shards.\n',
  )
  for (const workload of WORKLOADS) {
    const rows = results.filter((result) => result.workload === workload.name)
    const base = rows[0]?.summary.processing.decisions_per_second ?? null
    const table = [
      ['configuration', 'decisions/s', 'vs first', 'intake req/s', 'invariant', 'CPU gateways', 'CPU workers', 'CPU redis', 'CPU mysql', 'CPU loadgen'],
      ...rows.map(({ shape, summary, cpu }) => [
        describeShape(shape),
        (summary.processing.decisions_per_second ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 }),
        base && summary.processing.decisions_per_second ? `${(summary.processing.decisions_per_second / base).toFixed(2)}x` : '-',
        summary.intake.requests_per_second.toLocaleString('en-US', { maximumFractionDigits: 0 }),
        summary.invariant.ok ? 'OK' : 'FAILED',
        pct(cpu.gateway),
        pct(cpu.worker),
        pct(cpu.redis),
        pct(cpu.mysql),
        pct(cpu.loadgen),
      ]),
    ]
    process.stdout.write(`\n=== ${workload.title}\n${formatTable(table)}\n`)
  }
}
process.exitCode = results.every(({ summary }) => summary.passed) ? 0 : 1

