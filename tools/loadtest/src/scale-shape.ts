/** One shape of `pnpm bench --scale` started and stopped: its Redis, its stack, its CPU quota groups. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestRun } from '@tickets/testing/run'
import { startRedisCluster, startRedisServer } from '@tickets/testing/redis-server'
import { startStack, type Stack } from '@tickets/testing/stack'
import { createCpuQuotaGroup, type CpuQuotaGroup } from '@tickets/testing/cpu-quota'
import { platformEnv } from './bench-shared.js'
import { mysqlPid, type Group, type Shape } from './scale-parts.js'

export interface RunningShape {
  stack: Stack
  /** The pids of each kind of process, for CPU readings. */
  processes: Record<Group, Array<number | undefined>>
  /** With a quota: each gateway's and worker's group, in the order of `processes`, for their throttling. */
  quotaGroups: Record<'gateway' | 'worker', CpuQuotaGroup[]>
  /** The ports of its Redis servers (one, or the cluster's), for their command counts. */
  redisPorts: number[]
  /** Stops every process it started, then removes the quota groups, the database and the Redis servers. */
  stop: () => Promise<void>
}

/**
 * A fresh stack in this shape (database and Redis prefix of its own, a Redis or a 3-master cluster
 * with AOF everysec), ready; with `quota`, each gateway and worker is then moved into a cgroup of
 * its own holding it to that share of a core (startup is not what is measured).
 */
export async function startShape(shape: Shape, { mysqlUrl, quota }: { mysqlUrl: string; quota?: number }): Promise<RunningShape> {
  const single = shape.redis === 'single' ? await startRedisServer({ appendfsync: 'everysec' }) : undefined
  const cluster = shape.redis === 'cluster' ? await startRedisCluster({ appendfsync: 'everysec' }) : undefined
  const redisServers = single ? [single] : cluster!.servers
  const run = await createTestRun({ mysqlUrl, redisUrl: single?.url ?? 'redis://127.0.0.1:6379' }, 'scale')
  let stack: Stack | undefined
  const quotaGroups: RunningShape['quotaGroups'] = { gateway: [], worker: [] }
  const stop = async () => {
    await stack?.stop()
    const problems: string[] = []
    for (const group of [...quotaGroups.gateway, ...quotaGroups.worker]) {
      try {
        group.remove()
      } catch (error) {
        problems.push((error as Error).message)
      }
    }
    await run.teardown()
    await single?.remove()
    await cluster?.remove()
    if (problems.length > 0) throw new Error(`could not remove a CPU quota group: ${problems.join('; ')}`)
  }
  try {
    stack = await startStack(
      {
        ...platformEnv(run, quota),
        ...(cluster ? { REDIS_CLUSTER_NODES: cluster.nodes } : {}),
        BOOKING_QUEUE_SHARDS: String(shape.shards),
        ...shape.env,
      },
      { workers: shape.workers, gateways: shape.gateways },
    )
    const processes = {
      gateway: stack.processes.filter((p) => p.name.startsWith('gateway')).map((p) => p.child.pid),
      worker: stack.processes.filter((p) => p.name.startsWith('worker')).map((p) => p.child.pid),
      redis: redisServers.map((server) => server.pid()),
      mysql: [mysqlPid()],
    }
    if (quota !== undefined) {
      for (const kind of ['gateway', 'worker'] as const) {
        for (const pid of processes[kind]) {
          const group = createCpuQuotaGroup(`tickets-scale-${process.pid}-${pid}`, quota, shape.quotaPeriodMs === undefined ? undefined : shape.quotaPeriodMs * 1_000)
          quotaGroups[kind].push(group)
          group.add(pid!)
        }
      }
    }
    return { stack, processes, quotaGroups, redisPorts: redisServers.map((server) => server.port), stop }
  } catch (error) {
    await stop().catch(() => undefined)
    throw error
  }
}

/**
 * Writes what each process of the running platforms printed (kept only in memory while they run)
 * to a file of its own in a new directory, `<platform>-<process>.log`, and returns the directory:
 * for a row that left a request without an answer.
 */
export function keepOutputs(running: readonly RunningShape[], label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tickets-scale-${label.replace(/[^a-z0-9]+/gi, '-')}-`))
  running.forEach((platform, i) => {
    for (const child of platform.stack.processes) writeFileSync(join(dir, `${i + 1}-${child.name}.log`), child.output())
  })
  return dir
}
