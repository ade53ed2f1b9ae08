/**
 * `pnpm bench --profile [workload]`: where one burst's CPU goes, process by process.
 *
 * Starts the platform as `pnpm bench` does (production mode, a Redis of its own with AOF everysec)
 * with every Node service under `--cpu-prof`, runs a warm-up and then the workload (default
 * `spread`), and prints:
 * - CPU per request of each process over the burst and its drain (from /proc);
 * - Redis: calls and server time per command over the same span (`INFO commandstats` deltas);
 * - MySQL: statements and row operations per request (`SHOW GLOBAL STATUS` deltas);
 * - for the gateway and the worker, self time by package and the top functions during the burst
 *   and its drain (the profile covers the process's life; samples outside the burst are left out).
 * The `.cpuprofile` files stay in the directory printed at the end (open them in Chrome DevTools).
 * `--rate <n>` sends the workload's requests on a schedule instead, n a second for 30 s (open loop):
 * what a request costs when requests come one at a time rather than in a burst.
 * `--cpu-quota <cores>` holds the gateway and the worker to that share of a core each (as `pnpm bench
 * --scale --cpu-quota` does) and the burst to 3,000 requests: where a small machine's CPU goes.
 * `PROFILE_STRACE=<path>` also records the gateway's and the worker's socket writes with strace
 * (`<path>.gateway`, `<path>.worker`): how many writes each connection makes per request.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import mysql from 'mysql2/promise'
import { parseMysqlUrl } from '@tickets/db'
import { createTestRun, resolveServices } from '@tickets/testing/run'
import { startRedisServer } from '@tickets/testing/redis-server'
import { startStack } from '@tickets/testing/stack'
import { ADMIN, BENCH_WORKLOADS, WARM_UP, parseCpuQuota, platformEnv, type Burst } from './bench-shared.js'
import { counterDeltas, parseCommandStats, readProfiles, summarizeProfile } from './profile-parts.js'
import { cpuSeconds, mysqlPid } from './scale-parts.js'
import { createCpuQuotaGroup, type CpuQuotaGroup } from '@tickets/testing/cpu-quota'
import { runLoadtest } from './run.js'

const args = process.argv.slice(2)
const quotaAt = args.indexOf('--cpu-quota')
const quota = parseCpuQuota(quotaAt >= 0 ? args[quotaAt + 1] : undefined)
const rateAt = args.indexOf('--rate')
const rate = rateAt >= 0 ? Number(args[rateAt + 1]) : undefined
if (rate !== undefined && !(Number.isInteger(rate) && rate > 0 && rate <= 100_000)) throw new Error(`--rate takes a whole number of requests a second (got ${args[rateAt + 1]})`)
const name = args.find((arg, i) => !arg.startsWith('--') && i !== quotaAt + 1 && i !== rateAt + 1) ?? 'spread'
const workload = BENCH_WORKLOADS.find((w) => w.name === name)
if (!workload) throw new Error(`unknown workload ${name}: one of ${BENCH_WORKLOADS.map((w) => w.name).join(', ')}`)

const log = (line: string) => process.stderr.write(`${line}\n`)
const out = (line = '') => process.stdout.write(`${line}\n`)

type SlowEntry = [number, number, number, string[], string, string]

/** BullMQ's Lua scripts by the SHA1 ioredis calls them with. */
async function bullmqScriptNames(): Promise<Map<string, string>> {
  const scripts = Object.values(await import('bullmq/dist/esm/scripts/index.js')) as Array<{ name?: string; content?: string }>
  return new Map(scripts.filter((script) => script.name && script.content).map((script) => [createHash('sha1').update(script.content!).digest('hex'), script.name!]))
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n)
let burstFromUs = 0
let burstToUs = 0

const services = await resolveServices()
const redisServer = await startRedisServer({ appendfsync: 'everysec' })
const run = await createTestRun({ mysqlUrl: services.mysqlUrl, redisUrl: redisServer.url }, 'bench')
const dir = mkdtempSync(join(tmpdir(), 'tickets-profile-'))
const stack = await startStack(platformEnv(run, quota), { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] })
const redis = new Redis(redisServer.url)
const db = await mysql.createConnection(parseMysqlUrl(services.mysqlUrl) as mysql.ConnectionOptions)
const mysqlStatus = async (): Promise<Record<string, number>> => Object.fromEntries(((await db.query('SHOW GLOBAL STATUS'))[0] as Array<{ Variable_name: string; Value: string }>).map((r) => [r.Variable_name, Number(r.Value)]).filter(([, v]) => Number.isFinite(v)))

const options = (burst: Burst) => ({ ...burst, base: stack.gatewayUrl, adminEmail: ADMIN.email, adminPassword: ADMIN.password, json: false, progress: false })
const pids = {
  gateway: stack.processes.find((p) => p.name === 'gateway')!.child.pid,
  worker: stack.processes.find((p) => p.name === 'worker-1')!.child.pid,
  redis: redisServer.pid(),
  mysql: mysqlPid(),
}
const groups: CpuQuotaGroup[] = []
try {
  log('-- warm-up burst')
  await runLoadtest(options(WARM_UP))
  // After the warm-up, as `pnpm bench --scale --cpu-quota` (its warm-up runs under the quota).
  if (quota !== undefined) {
    for (const pid of [pids.gateway, pids.worker]) {
      const group = createCpuQuotaGroup(`tickets-profile-${process.pid}-${pid}`, quota)
      group.add(pid!)
      groups.push(group)
    }
  }
  log(`-- ${workload.name} burst`)
  const cpu = () => Object.fromEntries(Object.entries(pids).map(([group, pid]) => [group, cpuSeconds(pid)]))
  const reading = async () => ({ cpu: cpu(), redis: parseCommandStats(await redis.info('commandstats')), mysql: await mysqlStatus() })
  let start!: Awaited<ReturnType<typeof reading>>
  let end!: Awaited<ReturnType<typeof reading>>
  // Every Redis command of the burst's middle fifth, with its server time and its client's name.
  let sampling: 'before' | 'on' | 'done' = 'before'
  let sample: Promise<SlowEntry[]> | undefined
  const burst = rate !== undefined ? { ...workload.burst, requests: rate * 30 } : quota !== undefined ? { ...workload.burst, requests: 3_000 } : workload.burst
  const summary = await runLoadtest({ ...options(burst), ...(rate !== undefined ? { openLoop: { rate, duration: 30 } } : {}) }, {
    onBurstStart: async () => {
      if (process.env.PROFILE_STRACE) {
        for (const [group, pid] of Object.entries(pids)) if (group === 'worker' || group === 'gateway') spawn('strace', ['-f', '-e', 'trace=write,writev,sendto,sendmsg', '-e', 'quiet=all', '-o', `${process.env.PROFILE_STRACE}.${group}`, '-p', String(pid)], { stdio: 'ignore' })
      }
      start = await reading()
      burstFromUs = nowUs()
    },
    onDecided: async () => {
      burstToUs = nowUs()
      end = await reading()
    },
    onProgress: (progress) => {
      if (progress.phase === 'burst' && sampling === 'before' && progress.done >= progress.total * 0.4) {
        sampling = 'on'
        void redis.config('SET', 'slowlog-max-len', '100000').then(() => redis.config('SET', 'slowlog-log-slower-than', '0')).then(() => redis.slowlog('RESET'))
      } else if (progress.phase === 'burst' && sampling === 'on' && progress.done >= progress.total * 0.6) {
        sampling = 'done'
        sample = redis.config('SET', 'slowlog-log-slower-than', '-1').then(() => redis.call('SLOWLOG', 'GET', '100000') as Promise<SlowEntry[]>)
      }
    },
  })
  const requests = summary.config.requests
  out(`=== ${workload.title}: ${summary.processing.decisions_per_second} decisions/s, invariant ${summary.invariant.ok ? 'OK' : 'FAILED'}`)
  out('\nCPU per request (us), from the burst start until every booking was decided')
  for (const group of Object.keys(pids)) {
    const a = start.cpu[group]
    const b = end.cpu[group]
    out(`  ${group.padEnd(8)} ${a == null || b == null ? '?' : Math.round(((b - a) / requests) * 1e6)}`)
  }
  out('\nRedis commands per request, and server time per request (us)')
  for (const [command, usec] of counterDeltas(start.redis, end.redis, (s) => s.usec).slice(0, 15)) {
    const calls = end.redis[command]!.calls - (start.redis[command]?.calls ?? 0)
    out(`  ${command.padEnd(22)} ${(calls / requests).toFixed(2).padStart(7)} calls  ${(usec / requests).toFixed(1).padStart(7)} us`)
  }
  const entries = (await sample) ?? []
  const scripts = await bullmqScriptNames()
  const perScript = new Map<string, { calls: number; usec: number }>()
  for (const [, , usec, args, , client] of entries) {
    const command = String(args[0]).toLowerCase()
    const what = command === 'evalsha' ? (scripts.get(String(args[1])) ?? `script ${String(args[3] ?? '').slice(-40)}`) : command === 'eval' ? `eval ${String(args[3] ?? '').slice(-40)}` : command
    const key = `${client || '?'} ${what}`
    const entry = perScript.get(key) ?? { calls: 0, usec: 0 }
    entry.calls++
    entry.usec += Number(usec)
    perScript.set(key, entry)
  }
  const sampledRequests = summary.config.requests * 0.2
  out(`\nRedis by client and script, per request (${entries.length} commands sampled over the burst's middle fifth)`)
  for (const [key, { calls, usec }] of [...perScript.entries()].sort((a, b) => b[1].usec - a[1].usec).slice(0, 25)) {
    out(`  ${key.padEnd(48)} ${(calls / sampledRequests).toFixed(2).padStart(7)} calls  ${(usec / sampledRequests).toFixed(1).padStart(7)} us`)
  }
  out('\nMySQL per request')
  const mysqlDeltas = counterDeltas(start.mysql, end.mysql, (v) => v).filter(([key]) => /^(Com_(select|insert|update|delete|begin|commit|rollback)|Questions|Innodb_rows_|Handler_(read|write|update)|Innodb_data_fsyncs|Innodb_os_log_fsyncs|Bytes_)/.test(key))
  for (const [key, delta] of mysqlDeltas) out(`  ${key.padEnd(28)} ${(delta / requests).toFixed(2)}`)
} finally {
  await stack.stop()
  for (const group of groups) group.remove()
  redis.disconnect()
  await db.end()
  await run.teardown()
  await redisServer.remove()
}

for (const { file, profile } of readProfiles(dir)) {
  const { totalMs, functions, packages, project } = summarizeProfile(profile, 25, { fromUs: burstFromUs, toUs: burstToUs })
  const pid = Number(/^CPU\.\d+\.\d+\.(\d+)\.0\./.exec(file)?.[1])
  const role = pid === pids.gateway ? 'gateway' : pid === pids.worker ? 'worker' : null
  if (!role) continue
  out(`\n=== ${role} (${file}): ${totalMs} ms of CPU sampled during the burst and its drain`)
  out('  by package:')
  for (const entry of packages.slice(0, 12)) out(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`)
  out('  by function (self time):')
  for (const entry of functions) out(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`)
  out('  the project\'s own functions, callees included:')
  for (const entry of project) out(`    ${String(entry.ms).padStart(6)} ms ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`)
}
out(`\nprofiles: ${dir}`)
process.exit(0)
