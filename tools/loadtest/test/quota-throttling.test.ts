import { describe, expect, it } from 'vitest'
import { machineBusy, machineTicks, readThrottling, throttledShare } from '../src/quota-throttling.js'

describe('whether quota-held processes were held (pnpm bench --scale --cpu-quota)', () => {
  it('gives the mean share of periods each group was throttled in, skipping groups gone or idle', () => {
    const before = [
      { periods: 100, throttledPeriods: 50, throttledSeconds: 1 },
      { periods: 0, throttledPeriods: 0, throttledSeconds: 0 },
      { periods: 10, throttledPeriods: 0, throttledSeconds: 0 },
      null,
    ]
    const after = [
      // 100 periods, 90 throttled; 50 periods, 10 throttled; no period run; gone.
      { periods: 200, throttledPeriods: 140, throttledSeconds: 9 },
      { periods: 50, throttledPeriods: 10, throttledSeconds: 0.5 },
      { periods: 10, throttledPeriods: 0, throttledSeconds: 0 },
      { periods: 5, throttledPeriods: 5, throttledSeconds: 0.4 },
    ]
    expect(throttledShare(before, after)).toBeCloseTo((0.9 + 0.2) / 2)
    expect(throttledShare([], [])).toBeNaN()
  })

  it('reads nothing for a group whose directory is gone', () => {
    const gone = { add() {}, remove() {}, throttling: () => { throw new Error('ENOENT') } }
    expect(readThrottling([gone])).toEqual([null])
  })

  it('gives the cores the machine kept busy and the share stolen between two readings', () => {
    expect(machineBusy({ busy: 100, steal: 0, total: 400 }, { busy: 250, steal: 10, total: 600 }, 2)).toEqual({ cores: 1.5, steal: 0.05 })
    const now = machineTicks()
    expect(now.total).toBeGreaterThan(now.busy)
    expect(now.steal).toBeGreaterThanOrEqual(0)
  })
})
