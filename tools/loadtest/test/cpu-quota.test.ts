import { spawn } from 'node:child_process'
import { describe, expect, it, onTestFinished } from 'vitest'
import { cpuQuotaUnavailable, createCpuQuotaGroup } from '@tickets/testing/cpu-quota'
import { cpuSeconds } from '../src/scale-parts.js'

const unavailable = cpuQuotaUnavailable()
if (unavailable) console.warn(`CPU quota tests skipped: ${unavailable}`)

describe.skipIf(unavailable !== undefined)('CPU quota groups (pnpm bench --scale --cpu-quota)', () => {
  it('hold a process that would use a whole core to its share (0.1 core), while one outside uses all it can', async () => {
    const spin = () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
    const [capped, free] = [spin(), spin()]
    const group = createCpuQuotaGroup(`tickets-test-${process.pid}-${Date.now()}`, 0.1)
    onTestFinished(async () => {
      for (const child of [capped, free]) child.kill('SIGKILL')
      await Promise.all([capped, free].map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))))
      group.remove()
    })
    group.add(capped.pid!)
    const before = [cpuSeconds(capped.pid), cpuSeconds(free.pid)]
    const started = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const wall = (performance.now() - started) / 1000
    const share = (pid: number | undefined, i: number) => (cpuSeconds(pid)! - before[i]!) / wall
    const [cappedShare, freeShare] = [share(capped.pid, 0), share(free.pid, 1)]
    // 0.1 core, with room for the clock tick's rounding.
    expect(cappedShare).toBeLessThanOrEqual(0.15)
    expect(cappedShare).toBeGreaterThan(0.02)
    // The one outside is not held back (it shares two cores with everything else on the machine).
    expect(freeShare).toBeGreaterThan(cappedShare * 3)
  })

  it('refuses a quota of nothing', () => {
    expect(() => createCpuQuotaGroup(`tickets-test-zero-${process.pid}`, 0)).toThrow(/above 0/)
  })
})
