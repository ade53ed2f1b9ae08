import { describe, expect, it } from 'vitest'
import { counterDeltas, packageOf, parseCommandStats, summarizeProfile } from '../src/profile-parts.js'
import { cpuPerRequestTable } from '../src/cpu-table.js'

/** root -> handler (services/gateway) -> send (node_modules/ioredis); samples 1 ms apart from t = 1,000,000 us. */
const profile = {
  startTime: 1_000_000,
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 }, children: [2, 4] },
    { id: 2, callFrame: { functionName: 'handler', url: 'file:///app/services/gateway/src/routes/bookings.ts', lineNumber: 9 }, children: [3] },
    { id: 3, callFrame: { functionName: 'send', url: 'file:///app/node_modules/.pnpm/ioredis@5/node_modules/ioredis/built/Redis.js', lineNumber: 0 } },
    { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
  ],
  samples: [2, 3, 3, 4, 3, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
}

describe('profile parts', () => {
  it('names where code lives: an npm package, Node, the project, V8', () => {
    expect(packageOf('file:///x/node_modules/.pnpm/@fastify+jwt@10/node_modules/@fastify/jwt/jwt.js')).toBe('@fastify/jwt')
    expect(packageOf('node:events')).toBe('node:*')
    expect(packageOf('file:///app/packages/booking/src/commit.ts')).toBe('packages/booking')
    expect(packageOf('')).toBe('(v8)')
  })

  it('sums self time by function and package, inclusive time of project functions, idle left out', () => {
    const { totalMs, functions, packages, project } = summarizeProfile(profile)
    expect(totalMs).toBe(5)
    expect(packages.map((p) => [p.name, p.ms])).toEqual([['ioredis', 3], ['services/gateway', 2]])
    expect(functions[0]).toMatchObject({ name: 'send (built/Redis.js:1)', ms: 3 })
    expect(project).toEqual([expect.objectContaining({ name: 'handler (routes/bookings.ts:10)', ms: 5 })])
  })

  it('keeps only the samples inside a window of the monotonic clock', () => {
    // Samples at 1,001,000 ... 1,006,000 us; the window holds the 2nd to the 4th (one of them idle).
    expect(summarizeProfile(profile, 25, { fromUs: 1_002_000, toUs: 1_004_000 }).totalMs).toBe(2)
  })

  it('reads INFO commandstats and the counters that changed, largest first', () => {
    const before = parseCommandStats('# Commandstats\r\ncmdstat_get:calls=10,usec=50,usec_per_call=5.00\r\ncmdstat_evalsha:calls=2,usec=100,usec_per_call=50.00\r\n')
    const after = parseCommandStats('cmdstat_get:calls=12,usec=60,usec_per_call=5.00\r\ncmdstat_evalsha:calls=4,usec=300,usec_per_call=75.00\r\ncmdstat_incr:calls=1,usec=3,usec_per_call=3.00\r\n')
    expect(counterDeltas(before, after, (s) => s.usec)).toEqual([['evalsha', 200], ['get', 10], ['incr', 3]])
  })

  it('prints CPU per request per process and the first run against each other', () => {
    const table = cpuPerRequestTable([
      { label: 'platform', cpu: { server: 100, worker: 50, redis: 40, mysql: 10, total: 200 } },
      { label: 'sync', cpu: { server: 200, worker: null, redis: 0, mysql: 200, total: 400 } },
    ])
    expect(table[0]).toEqual(['CPU us / request', 'platform', 'sync', 'platform / sync'])
    expect(table.find((row) => row[0] === 'worker')).toEqual(['worker', '50', '-', '-'])
    expect(table.find((row) => row[0] === 'total')).toEqual(['total', '200', '400', '0.50x'])
  })
})
