import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { cpuQuotaUnavailable } from '@tickets/testing/cpu-quota'
import { keepOutputs, startShape } from '../src/scale-shape.js'

const unavailable = cpuQuotaUnavailable()
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
/** The cgroup a process is in, for the cpu controller (v1 `N:cpu...:/path`, v2 `0::/path`). */
const cpuGroupOf = (pid: number) =>
  readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((line) => /^\d+:[^:]*\bcpu\b[^:]*:/.test(line) || line.startsWith('0::'))
    ?.split(':')[2]

describe.skipIf(unavailable !== undefined)('a pnpm bench --scale shape under CPU quotas', { timeout: 180_000 }, () => {
  it('starts 2 gateways and 2 workers, each in a quota group of its own, and stops with no process or group left behind', async () => {
    const shape = await startShape({ redis: 'single', shards: 2, gateways: 2, workers: 2 }, { mysqlUrl: inject('mysqlUrl'), quota: 0.5 })
    const pids = [...shape.processes.gateway, ...shape.processes.worker].map(Number)
    const all = [...shape.stack.processes.map((p) => p.child.pid!), ...shape.processes.redis.map(Number)]
    const groups = pids.map(cpuGroupOf)
    try {
      expect(pids).toHaveLength(4)
      expect(shape.redisPorts).toHaveLength(1)
      // Four groups, one per process, none of them the one this test runs in.
      expect(new Set(groups).size).toBe(4)
      expect(groups).not.toContain(cpuGroupOf(process.pid))
      for (const group of groups) expect(group).toMatch(/tickets-scale-/)
      // Every gateway answers through the stack.
      for (const url of shape.stack.gatewayUrls) expect((await fetch(`${url}/health/ready`)).status).toBe(200)
      // What each process printed can be kept, a file each, for a row that went wrong.
      const kept = keepOutputs([shape], '2+2 k=2')
      expect(kept).toMatch(/tickets-scale-2-2-k-2-/)
      expect(readdirSync(kept).sort()).toEqual(shape.stack.processes.map((p) => `1-${p.name}.log`).sort())
      for (const p of shape.stack.processes) expect(readFileSync(join(kept, `1-${p.name}.log`), 'utf8')).toBe(p.output())
      rmSync(kept, { recursive: true })
    } finally {
      await shape.stop()
    }
    expect(all.filter(alive)).toEqual([])
    for (const group of groups) for (const root of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup']) expect(existsSync(join(root, group!))).toBe(false)
  })
})
