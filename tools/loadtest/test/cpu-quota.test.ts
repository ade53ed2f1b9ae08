import { spawn } from 'node:child_process'
import { describe, expect, it, onTestFinished } from 'vitest'
import { cpuQuotaUnavailable, createCpuQuotaGroup } from '@tickets/testing/cpu-quota'
import { cpuSeconds } from '../src/scale-parts.js'

const unavailable = cpuQuotaUnavailable()
if (unavailable) console.warn(`CPU quota tests skipped: ${unavailable}`)

describe.skipIf(unavailable !== undefined)('CPU quota groups (pnpm bench --scale --cpu-quota)', () => {
  it.each([
    ['the 100 ms default', undefined],
    ['10 ms', 10_000],
  ])('hold a process that would use a whole core to its share (0.1 core), period %s', async (_, periodUs) => {
    const capped = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
    const group = createCpuQuotaGroup(`tickets-test-${process.pid}-${Date.now()}`, 0.1, periodUs)
    onTestFinished(async () => {
      capped.kill('SIGKILL')
      await new Promise((resolve) => (capped.exitCode !== null || capped.signalCode !== null ? resolve(null) : capped.once('exit', resolve)))
      group.remove()
    })
    group.add(capped.pid!)
    const before = cpuSeconds(capped.pid)!
    const started = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const wall = (performance.now() - started) / 1000
    const cappedShare = (cpuSeconds(capped.pid)! - before) / wall
    // 0.1 core, with room for the clock tick's rounding; unheld, a spinning process takes a whole core.
    expect(cappedShare).toBeLessThanOrEqual(0.15)
    expect(cappedShare).toBeGreaterThan(0.02)
    // The kernel says so: held in most of the periods it ran, for some of the time (most of it on
    // a quiet machine: 0.9; 0.41-0.47 with the other test files running, where the process also
    // waited for a core before it had used its share).
    const { periods, throttledPeriods, throttledSeconds } = group.throttling()
    expect(periods).toBeGreaterThan(0)
    expect(throttledPeriods / periods).toBeGreaterThan(0.5)
    expect(throttledSeconds).toBeGreaterThan(0)
  })

  it('refuses a quota of nothing, and a period outside 1 ms-1 s', () => {
    expect(() => createCpuQuotaGroup(`tickets-test-zero-${process.pid}`, 0)).toThrow(/above 0/)
    expect(() => createCpuQuotaGroup(`tickets-test-period-${process.pid}`, 0.1, 500)).toThrow(/period/)
  })
})
