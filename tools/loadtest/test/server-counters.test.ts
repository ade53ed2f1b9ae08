import { Redis } from 'ioredis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { backgroundShare, countsPerDecision, mainThreadSeconds, readServerCounts, threadReadings } from '../src/server-counters.js'
import { cpuSeconds } from '../src/scale-parts.js'

const services = { mysqlUrl: inject('mysqlUrl'), redisUrl: inject('redisUrl') }
const redisPort = Number(new URL(services.redisUrl).port || 6379)
const redis = new Redis(services.redisUrl)
afterAll(() => redis.quit())

describe('server counters of pnpm bench --scale', () => {
  it('counts the commands and scripts a Redis ran and the statements MySQL ran between two readings', async () => {
    const before = await readServerCounts([redisPort], services.mysqlUrl)
    const key = `server-counters-test:${process.pid}`
    for (let i = 0; i < 20; i++) await redis.incr(key)
    for (let i = 0; i < 5; i++) await redis.eval('return 1', 0)
    await redis.del(key)
    const after = await readServerCounts([redisPort], services.mysqlUrl)
    // Redis may be shared with other work: at least ours, and our 5 scripts among the commands.
    expect(after.redisCommands - before.redisCommands).toBeGreaterThanOrEqual(26)
    expect(after.redisScripts - before.redisScripts).toBeGreaterThanOrEqual(5)
    // The first reading's own statement at least.
    expect(after.mysqlStatements).toBeGreaterThan(before.mysqlStatements)
    expect(after.mysqlLockWaits).toBeGreaterThanOrEqual(before.mysqlLockWaits)
    expect(after.mysqlDeadlocks).toBeGreaterThanOrEqual(before.mysqlDeadlocks)
    expect(countsPerDecision(before, { ...before, redisCommands: before.redisCommands + 50, redisScripts: before.redisScripts + 10, mysqlStatements: before.mysqlStatements + 5, mysqlLockWaits: before.mysqlLockWaits + 2, mysqlDeadlocks: before.mysqlDeadlocks + 1 }, 10)).toEqual({
      redisCommands: 5,
      redisScripts: 1,
      mysqlStatements: 0.5,
      mysqlLockWaits: 0.2,
      mysqlDeadlocks: 0.1,
    })
    expect(countsPerDecision(before, after, 0)).toEqual({ redisCommands: 0, redisScripts: 0, mysqlStatements: 0, mysqlLockWaits: 0, mysqlDeadlocks: 0 })
  })

  it('reads a process’s main thread apart from its others, and the share of CPU spent outside it', () => {
    const main = mainThreadSeconds(process.pid)!
    expect(main).toBeGreaterThan(0)
    expect(main).toBeLessThanOrEqual(cpuSeconds(process.pid)!)
    expect(mainThreadSeconds(2 ** 22 + 1)).toBeNull()
    expect(threadReadings([process.pid, undefined])[1]).toEqual([null, null])
    // 10 s of CPU of which 6 on the main threads: 40 % elsewhere; a process gone meanwhile is left out.
    expect(backgroundShare([[1, 1], [2, 1], [5, 5]], [[6, 4], [7, 4], [null, null]])).toBeCloseTo(0.4)
    expect(backgroundShare([[1, 1]], [[1, 1]])).toBeNaN()
  })
})
