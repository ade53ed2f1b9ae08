import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { spawnTracked } from './processes.js'
import { freePort } from './stack.js'

export interface RedisServerOptions {
  port?: number
  maxmemoryPolicy?: string
  /** AOF persistence: off (the default, a throwaway server), or on with this fsync policy. */
  appendfsync?: 'no-aof' | 'everysec' | 'always'
  /** More redis-server arguments (cluster mode). */
  extraArgs?: string[]
}

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>

/**
 * A redis-server of the caller's own, so it can be stopped and started again (fault tests) or
 * given the persistence under test (`pnpm bench`). Its files live in a temporary directory that
 * `stop` keeps (a restart reads the AOF back) and `remove` deletes.
 */
export async function startRedisServer(options: RedisServerOptions = {}) {
  const port = options.port ?? (await freePort())
  const dir = mkdtempSync(join(tmpdir(), 'tickets-redis-'))
  const aof = options.appendfsync && options.appendfsync !== 'no-aof'
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
    ...['--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction'],
    ...(aof ? ['--appendonly', 'yes', '--appendfsync', options.appendfsync!] : ['--appendonly', 'no']),
    ...(options.extraArgs ?? []),
  ]
  let child: ChildProcess | undefined

  const start = async () => {
    child = spawnTracked('redis-server', args, { stdio: 'ignore' })
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
    probe.on('error', () => {})
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect()
        await probe.ping()
        probe.disconnect()
        return
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }

  /** SIGKILL: a crash, not a clean shutdown (which would flush everything). */
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }

  const remove = async () => {
    await stop()
    rmSync(dir, { recursive: true, force: true })
  }

  await start()
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, remove, pid: () => child?.pid }
}

export type RedisCluster = Awaited<ReturnType<typeof startRedisCluster>>

/**
 * A real Redis Cluster of `masters` redis-servers (cluster mode), each with `replicas` replicas
 * (none by default), made with `redis-cli --cluster create`, which gives each master an equal
 * share of the 16384 slots and picks which servers are masters.
 * `nodes` is what REDIS_CLUSTER_NODES takes. Ready once every node reports cluster_state:ok.
 *
 * `cluster-require-full-coverage no` as docs/scaling.md advises (`requireFullCoverage: true` for
 * Redis's default): with the default, once the other masters mark a crashed master failed
 * (cluster-node-timeout) every node answers CLUSTERDOWN, and every shard stops, not only its own.
 */
export async function startRedisCluster(
  options: Omit<RedisServerOptions, 'port' | 'extraArgs'> & { masters?: number; replicas?: number; nodeTimeoutMs?: number; requireFullCoverage?: boolean } = {},
) {
  const replicas = options.replicas ?? 0
  const count = (options.masters ?? 3) * (1 + replicas)
  // Replicas sync at once rather than after Redis's default 5 s diskless-sync delay.
  const nodeArgs = [
    '--cluster-enabled', 'yes',
    '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 5000),
    '--cluster-require-full-coverage', options.requireFullCoverage ? 'yes' : 'no',
    '--repl-diskless-sync-delay', '0',
  ]
  const servers = await Promise.all(Array.from({ length: count }, () => startRedisServer({ ...options, extraArgs: nodeArgs })))
  const addresses = servers.map((server) => `127.0.0.1:${server.port}`)
  try {
    const create = spawnTracked('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    create.stdout?.on('data', (chunk) => (output += chunk))
    create.stderr?.on('data', (chunk) => (output += chunk))
    const [code] = (await once(create, 'exit')) as [number | null]
    if (code !== 0) throw new Error(`redis-cli --cluster create failed (${code}):\n${output}`)
    await Promise.all(servers.map((server) => waitForClusterOk(server.port)))
    // A replica that has not synced yet cannot take over: ready means every replica is linked.
    await Promise.all(servers.map((server) => waitForReplicaLink(server.port)))
  } catch (error) {
    await Promise.all(servers.map((server) => server.remove()))
    throw error
  }
  return {
    nodes: addresses.join(','),
    servers,
    remove: () => Promise.all(servers.map((server) => server.remove())).then(() => undefined),
  }
}

async function waitForClusterOk(port: number, timeoutMs = 20_000) {
  const probe = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 })
  probe.on('error', () => {})
  try {
    const deadline = Date.now() + timeoutMs
    while (!/^cluster_state:ok/m.test((await probe.cluster('INFO')) as string)) {
      if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} not ok within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    probe.disconnect()
  }
}

async function waitForReplicaLink(port: number, timeoutMs = 20_000) {
  const probe = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 })
  probe.on('error', () => {})
  try {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const info = await probe.info('replication')
      if (!/^role:slave/m.test(info) || /^master_link_status:up/m.test(info)) return
      if (Date.now() > deadline) throw new Error(`Redis Cluster replica ${port} not linked to its master within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    probe.disconnect()
  }
}
