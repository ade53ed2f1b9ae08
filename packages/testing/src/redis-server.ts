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
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, remove }
}
