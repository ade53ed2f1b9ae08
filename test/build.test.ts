import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIsolatedDatabase, testEnv } from '@tickets/testing'
import { freePort, startNode, waitForReady } from '@tickets/testing/stack'
import { DEPLOYABLES } from '../scripts/build.js'

const root = join(import.meta.dirname, '..')
const TEST_TOOLING = ['vitest', 'testcontainers', '@testcontainers/mysql', '@testcontainers/redis', 'playwright-core', 'playwright', 'tsx']

/** `node dist/<entry>.mjs` in a built service directory, as the image's CMD runs it. */
const runBuilt = (name: string, dir: string, entry: string, env: Record<string, string>, args: string[] = []) =>
  startNode(name, [`dist/${entry}.mjs`, ...args], { env, cwd: dir })

describe('the production build (scripts/build.ts, what the Dockerfile runs)', { timeout: 240_000 }, () => {
  let out: string
  let database: Awaited<ReturnType<typeof createIsolatedDatabase>>
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'tickets-build-'))
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', out], { cwd: root, encoding: 'utf8' })
    expect(built.status, built.stderr).toBe(0)
    // An empty database: the compiled migrator creates the schema.
    database = await createIsolatedDatabase()
  }, 240_000)
  afterAll(async () => {
    await database?.drop()
    rmSync(out, { recursive: true, force: true })
  })

  it('ships no test tooling in any service (pnpm ls --prod, and the deployed node_modules)', () => {
    for (const deployable of DEPLOYABLES) {
      const listed = spawnSync(process.execPath, ['scripts/pnpm.mjs', 'ls', '--prod', '--depth', 'Infinity', '--json', '--filter', deployable.pkg], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      expect(listed.status, listed.stderr).toBe(0)
      const names = new Set<string>()
      const walk = (deps: Record<string, { dependencies?: Record<string, unknown> }> | undefined) => {
        for (const [name, dep] of Object.entries(deps ?? {})) {
          names.add(name)
          walk(dep.dependencies as never)
        }
      }
      for (const project of JSON.parse(listed.stdout) as Array<{ dependencies?: never }>) walk(project.dependencies)
      expect(names.size, deployable.pkg).toBeGreaterThan(10)
      expect(TEST_TOOLING.filter((name) => names.has(name)), deployable.pkg).toEqual([])
      const deployed = readdirSync(join(out, deployable.name, 'node_modules'))
      expect(TEST_TOOLING.filter((name) => deployed.includes(name)), deployable.name).toEqual([])
    }
  })

  it('runs: the compiled services migrate, start, take a booking and decide it', async () => {
    const [gatewayPort, usersPort, eventsPort, workerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()])
    const env = {
      ...testEnv('build'),
      LOG_LEVEL: 'warn',
      MYSQL_URL: database.url,
      USER_SERVICE_URL: `http://127.0.0.1:${usersPort}`,
      EVENT_SERVICE_URL: `http://127.0.0.1:${eventsPort}`,
    }
    const migrate = runBuilt('migrate', join(out, 'migrate'), 'migrate', env, ['latest'])
    expect(await migrate.exited, migrate.output()).toBe(0)
    expect(migrate.output()).toContain('20261121000001_create_users')
    const processes = [
      runBuilt('user-service', join(out, 'user-service'), 'server', { ...env, PORT: String(usersPort) }),
      runBuilt('event-service', join(out, 'event-service'), 'server', { ...env, PORT: String(eventsPort) }),
      runBuilt('worker', join(out, 'worker'), 'main', { ...env, METRICS_PORT: String(workerPort) }),
      runBuilt('gateway', join(out, 'gateway'), 'server', { ...env, PORT: String(gatewayPort) }),
    ]
    try {
      const ports = [usersPort, eventsPort, workerPort, gatewayPort]
      await Promise.all(processes.map((p, i) => waitForReady(`http://127.0.0.1:${ports[i]}`, p)))
      const base = `http://127.0.0.1:${gatewayPort}`
      const call = async (method: string, path: string, body?: unknown, token?: string) => {
        const res = await fetch(base + path, {
          method,
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        })
        return { status: res.status, body: (await res.json()) as any }
      }
      const admin = await call('POST', '/api/auth/login', { email: 'admin@example.com', password: 'admin-password-change-me' })
      expect(admin.status).toBe(200)
      const event = await call('POST', '/api/events', { name: 'Built', location: 'Hall', event_date: new Date(Date.now() + 86_400_000).toISOString(), ticket_price: 5, total_tickets: 3 }, admin.body.data.token)
      expect(event.status).toBe(201)
      const booked = await call('POST', '/api/bookings', { event_id: event.body.data.id, quantity: 2 }, admin.body.data.token)
      expect(booked.status).toBe(202)
      await expect
        .poll(async () => (await call('GET', `/api/bookings/${booked.body.data.id}`, undefined, admin.body.data.token)).body.data.status, { timeout: 20_000 })
        .toBe('pending')
      expect((await fetch(`${base}/docs/`)).status).toBe(200)
    } finally {
      await Promise.all(processes.map((p) => p.stop()))
    }
  })
})
