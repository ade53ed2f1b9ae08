/**
 * `pnpm bench`: the platform and its baselines, side by side in one run on this machine.
 *
 * Three systems, each on a fresh stack (the four processes of `pnpm start`) on the local MySQL and
 * Redis, in a database and Redis prefix of its own that are dropped afterwards:
 *
 * - **group commit**: the platform as shipped (the worker decides each event's bookings in batches);
 * - **BATCH_MAX=1**: the same platform deciding one booking per transaction;
 * - **sync baseline**: the design the platform replaces, a lean synchronous Fastify + mysql2 server
 *   doing one `SELECT ... FOR UPDATE` transaction per request (tools/loadtest/src/baseline), on the
 *   same schema; the platform's stack only signs users in, creates the events and reads back;
 * - **intake ceiling**: a bare Fastify + @fastify/jwt + BullMQ `add` server answering 202, the most
 *   any intake can do here (its jobs are never decided: intake only).
 *
 * The platform runs as in production: NODE_ENV=production, its default logging, and a Redis of the
 * bench's own with AOF on (`appendfsync everysec`, as docker-compose ships it), which production
 * requires. One more run of the platform with `appendfsync always` prices a stricter 202 (see the
 * docs/operations.md, Failure modes).
 *
 * Each gets a warm-up burst, then the standard burst (one hot event) and the many-events burst,
 * with the same load generator, seed and users. Absolute numbers drift between runs; the ratios
 * printed at the end are the result.
 *
 * Four workloads: the hot event and 20 events of a few tickets (most requests end sold out, many at
 * the platform's fast path), and stadium and spread (a ticket for every request: every request
 * books, so the worker's whole path is measured). For each, besides throughput, the CPU each
 * process spent per request from the burst's start until every booking was decided (from /proc):
 * steadier than throughput on a shared machine, and it shows where the time goes.
 *
 *   pnpm bench                         # every summary and the comparison tables
 *   pnpm bench --workloads spread,hot  # only these workloads
 *   pnpm bench --systems "group commit,sync baseline"  # only these systems (quick A/B runs)
 *   pnpm bench --json                  # the summaries as JSON
 *   pnpm bench --profile [workload]    # one workload of the platform under profilers instead (profile.ts; --rate n, --cpu-quota c)
 *   pnpm bench --redis-client          # what a Redis command costs, auto-pipelined or not, by commands per turn (redis-client-cost.ts)
 *   pnpm bench --scale                 # many gateways, workers, Redis Cluster and shards instead (scale.ts; --full: every combination)
 *   pnpm bench --scale --cpu-quota 0.1 # each gateway and worker held to 0.1 core: the scale-out curve (--workloads, --redis single|cluster)
 *   pnpm bench --scale --cpu-quota 0.1 --independent  # and beside each n+n, n separate 1+1 platforms (the machine's share, not the platform's)
 *   pnpm bench --scale --cpu-quota 0.1 --plan rows.json  # the rows a file lists, settings alternated in one run (scale-parts.ts parsePlan)
 *   pnpm bench --scale --cpu-quota 0.1 --quota-period-ms 10  # the quota over a shorter period (default 100 ms, see cpu-quota.ts)
 */
import { parseArgs } from 'node:util'
import { createTestRun, resolveServices } from '@tickets/testing/run'
import { startRedisServer } from '@tickets/testing/redis-server'
import { freePort, startProcess, startStack, waitForReady } from '@tickets/testing/stack'
import { Redis } from 'ioredis'
import { loadWorkerConfig } from '@tickets/worker/config'
import { compareTable, formatProgress, formatSummary, formatTable } from './format.js'
import type { LoadtestOptions } from './options.js'
import { ADMIN, BENCH_WORKLOADS, WARM_UP, platformEnv, type Burst } from './bench-shared.js'
import { cpuPerRequestTable, CPU_GROUPS, type CpuGroup } from './cpu-table.js'
import { cpuSeconds, mysqlPid, settle } from './scale-parts.js'
import { runLoadtest } from './run.js'
import type { Summary } from './summary.js'

// Ctrl-C or a kill: leave through process.exit, whose handler (packages/testing processes.ts)
// kills every process the bench started; Node's default for a signal would leave them running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

// The other modes read their own options (a copy of their flags here went stale: `--balance`).
const MODES = { '--scale': () => import('./scale.js'), '--profile': () => import('./profile.js'), '--redis-client': () => import('./redis-client-cost.js') }
const mode = (Object.keys(MODES) as Array<keyof typeof MODES>).find((flag) => process.argv.includes(flag))
if (mode) {
  await MODES[mode]()
  process.exit(process.exitCode ?? 0)
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    workloads: { type: 'string' },
    systems: { type: 'string' },
  },
  strict: true,
})

const WORKER_DEFAULTS = loadWorkerConfig({})

const chosen = values.workloads?.split(',').map((name) => name.trim())
const WORKLOADS = BENCH_WORKLOADS.filter((workload) => !chosen || chosen.includes(workload.name))
if (WORKLOADS.length === 0) throw new Error(`--workloads: one or more of ${BENCH_WORKLOADS.map((w) => w.name).join(', ')}`)

type Fsync = 'everysec' | 'always'
const SYSTEMS: Array<{ label: string; env: Record<string, string>; server?: string; intakeOnly?: boolean; fsync?: Fsync }> = [
  { label: 'group commit', env: {} },
  { label: 'appendfsync always', env: {}, fsync: 'always' },
  { label: 'BATCH_MAX=1', env: { BATCH_MAX: '1' } },
  { label: 'sync baseline', env: {}, server: 'tools/loadtest/src/baseline/sync-server.ts' },
  { label: 'sync + sold-out shortcut', env: { BASELINE_SOLD_OUT_SHORTCUT: 'true' }, server: 'tools/loadtest/src/baseline/sync-server.ts' },
  { label: 'intake ceiling', env: {}, server: 'tools/loadtest/src/baseline/intake-ceiling.ts', intakeOnly: true },
]

const log = (line: string) => process.stderr.write(`${line}\n`)

const services = await resolveServices()
const redisServer = await startRedisServer({ appendfsync: 'everysec' })
const setFsync = async (fsync: Fsync) => {
  const admin = new Redis(redisServer.url)
  await admin.config('SET', 'appendfsync', fsync)
  await admin.quit()
}
const stalls = new Map<string, number>()
const countStalls = (output: string) => output.split('booking job stalled').length - 1
const results = new Map<string, Array<{ label: string; summary: Summary; cpu: Record<CpuGroup, number | null> }>>(WORKLOADS.map((w) => [w.name, []]))

const systems = values.systems ? SYSTEMS.filter((system) => values.systems!.split(',').map((name) => name.trim()).includes(system.label)) : SYSTEMS
if (systems.length === 0) throw new Error(`--systems: one or more of ${SYSTEMS.map((s) => s.label).join(', ')}`)
for (const system of systems) {
  await setFsync(system.fsync ?? 'everysec')
  const run = await createTestRun({ mysqlUrl: services.mysqlUrl, redisUrl: redisServer.url }, 'bench')
  log(`\n== ${system.label}: starting the stack (database ${new URL(run.mysqlUrl).pathname.slice(1)})`)
  const env = { ...platformEnv(run), ...system.env }
  const stack = await startStack(env)
  let baseline: ReturnType<typeof startProcess> | undefined
  try {
    let bookingBase: string | undefined
    if (system.server) {
      const port = await freePort()
      baseline = startProcess(system.label, system.server, { ...env, PORT: String(port) })
      bookingBase = `http://127.0.0.1:${port}`
      await waitForReady(bookingBase, baseline)
    }
    const options = (burst: Burst): LoadtestOptions => ({
      ...burst,
      base: stack.gatewayUrl,
      ...(bookingBase ? { bookingBase } : {}),
      ...(system.intakeOnly ? { intakeOnly: true } : {}),
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      json: false,
      progress: true,
    })
    let lastLine = 0
    const onProgress = (progress: Parameters<typeof formatProgress>[0]) => {
      if (progress.elapsedMs - lastLine < 2_000) return
      lastLine = progress.elapsedMs
      log(`   ${formatProgress(progress)}`)
    }
    log('-- warm-up burst')
    const warm = await runLoadtest(options(WARM_UP), { onProgress })
    if (!warm.passed) throw new Error(`warm-up failed:\n${formatSummary(warm)}`)
    // Whose CPU counts: the process answering booking requests (the gateway, or the baseline
    // server), the worker (the platform's only), Redis and MySQL.
    const pids: Record<Exclude<CpuGroup, 'total'>, number | undefined> = {
      server: baseline ? baseline.child.pid : stack.processes.find((p) => p.name === 'gateway')!.child.pid,
      worker: system.server ? undefined : stack.processes.find((p) => p.name === 'worker-1')!.child.pid,
      redis: redisServer.pid(),
      mysql: mysqlPid(),
    }
    const reading = () => Object.fromEntries(Object.entries(pids).map(([group, pid]) => [group, cpuSeconds(pid)])) as Record<keyof typeof pids, number | null>
    for (const workload of WORKLOADS) {
      log(`-- ${workload.name} burst`)
      lastLine = 0
      let from: ReturnType<typeof reading> | undefined
      let to: ReturnType<typeof reading> | undefined
      const summary = await runLoadtest(options(workload.burst), {
        onProgress,
        onBurstStart: async () => {
          // Users are signed in; let the machine go quiet (MySQL purging earlier runs' rows) first.
          const busy = await settle()
          if (busy > 0.1) log(`   the machine stayed ${Math.round(busy * 100)}% busy before the burst`)
          from = reading()
        },
        onDecided: () => void (to = reading()),
      })
      const perRequest = (group: keyof typeof pids) =>
        from?.[group] == null || to?.[group] == null ? null : ((to[group]! - from[group]!) / summary.config.requests) * 1e6
      const cpu = Object.fromEntries(CPU_GROUPS.filter((g) => g !== 'total').map((g) => [g, perRequest(g as keyof typeof pids)])) as Record<CpuGroup, number | null>
      cpu.total = Object.values(cpu).reduce<number>((sum, us) => sum + (us ?? 0), 0)
      results.get(workload.name)!.push({ label: system.label, summary, cpu })
    }
    // Locks never lost under load: a healthy worker renews them long before they run out.
    stalls.set(system.label, stack.processes.filter((p) => p.name.startsWith('worker')).reduce((n, p) => n + countStalls(p.output()), 0))
  } finally {
    await baseline?.stop()
    await stack.stop()
    await run.teardown()
  }
}
await redisServer.remove()

if (values.json) {
  process.stdout.write(`${JSON.stringify(Object.fromEntries(results), null, 2)}\n`)
} else {
  for (const workload of WORKLOADS) {
    for (const { label, summary } of results.get(workload.name)!) process.stdout.write(`\n=== ${workload.name}: ${label}\n${formatSummary(summary)}\n`)
  }
  process.stdout.write(
    `\nSame machine, same run, same load generator. group commit: WORKER_CONCURRENCY=${WORKER_DEFAULTS.WORKER_CONCURRENCY}, ` +
      `BATCH_MAX=${WORKER_DEFAULTS.BATCH_MAX}, BATCH_WAIT_MS=${WORKER_DEFAULTS.BATCH_WAIT_MS}; Redis AOF appendfsync everysec ` +
      `(appendfsync always: the same platform, every write fsynced before Redis answers). Ratios: first column / the other.\n`,
  )
  const platformStalls = [...stalls.entries()].filter(([label]) => !SYSTEMS.find((s) => s.label === label)?.server)
  process.stdout.write(`Booking jobs found stalled (a lock lost under load): ${platformStalls.map(([label, n]) => `${label} ${n}`).join(', ')}\n`)
  for (const workload of WORKLOADS) {
    const runs = results.get(workload.name)!
    process.stdout.write(`\n=== ${workload.title}\n${formatTable(compareTable(runs))}\n`)
    process.stdout.write(`\nCPU per request (us), from the burst's start until every booking was decided\n${formatTable(cpuPerRequestTable(runs))}\n`)
    const platform = runs.find((run) => run.label === 'group commit')?.summary
    const ceiling = runs.find((run) => run.label === 'intake ceiling')?.summary
    if (platform && ceiling) {
      const share = (x: number | null) => (x === null ? '-' : `${Math.round((x / ceiling.intake.requests_per_second) * 100)}%`)
      process.stdout.write(
        `platform intake = ${share(platform.intake.requests_per_second)} of the ceiling's; ` +
          `sold-out answers after the sell-out = ${share(platform.intake.sold_out_answers_per_second)} of the ceiling's intake\n`,
      )
    }
  }
}
const all = [...results.values()].flat()
process.exit(all.every(({ summary }) => summary.passed) ? 0 : 1)
