import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { freePort } from './stack.js'

/** A throwaway redis-server of the test's own, so it can be stopped and started again. */
export async function startRedisServer(port?: number, options: { maxmemoryPolicy?: string } = {}) {
  const chosen = port ?? (await freePort())
  let child: ChildProcess | undefined

  const start = async () => {
    child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction'], {
      stdio: 'ignore',
    })
    const probe = new Redis({ port: chosen, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
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
    throw new Error(`redis-server did not start on port ${chosen}`)
  }

  const stop = async () => {
    if (!child || child.exitCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }

  await start()
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, start, stop }
}
