import { describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createKnex } from '@tickets/db'
import { Redis } from 'ioredis'
import { createTestRun, resolveServices, ServicesUnavailableError } from '../src/index.js'

const noRuntime = () => Promise.reject(new Error('Could not find a working container runtime strategy'))
// Nothing listens on port 1; the socket path does not exist.
const nowhere = { mysql: ['mysql://root@127.0.0.1:1/'], redis: ['redis://127.0.0.1:1'] }

describe('resolveServices', () => {
  it('falls back to MYSQL_URL and REDIS_URL when no container runtime answers', async () => {
    const env = { MYSQL_URL: inject('mysqlServerUrl'), REDIS_URL: inject('redisUrl') }
    const services = await resolveServices({ env, containerRuntime: noRuntime, localDefaults: nowhere })
    expect(services.source).toBe('environment')
    expect(services.mysqlUrl).toBe(env.MYSQL_URL)
    expect(services.redisUrl).toBe(env.REDIS_URL)
  })

  it('uses only the server of MYSQL_URL, even when its database does not exist yet', async () => {
    const env = { MYSQL_URL: `${inject('mysqlServerUrl').replace(/\/(\?|$)/, '/no_such_database$1')}`, REDIS_URL: inject('redisUrl') }
    expect(env.MYSQL_URL).toContain('no_such_database')
    const services = await resolveServices({ env, containerRuntime: noRuntime, localDefaults: nowhere })
    expect(services.source).toBe('environment')
    expect(services.mysqlUrl).not.toContain('no_such_database')
  })

  it('falls back to the local defaults when neither containers nor the environment are there', async () => {
    const local = { mysql: [...nowhere.mysql, inject('mysqlServerUrl')], redis: [inject('redisUrl')] }
    const services = await resolveServices({ env: {}, containerRuntime: noRuntime, localDefaults: local })
    expect(services.source).toBe('local defaults')
    expect(services.mysqlUrl).toBe(inject('mysqlServerUrl'))
  })

  it('does not ask for containers when TESTCONTAINERS=off', async () => {
    let asked = false
    const env = { TESTCONTAINERS: 'off', MYSQL_URL: inject('mysqlServerUrl'), REDIS_URL: inject('redisUrl') }
    await resolveServices({ env, containerRuntime: async () => { asked = true }, localDefaults: nowhere })
    expect(asked).toBe(false)
  })

  it('says clearly what to start when nothing answers', async () => {
    const env = { MYSQL_URL: 'mysql://root@127.0.0.1:1/', REDIS_URL: 'redis://127.0.0.1:1' }
    const error = await resolveServices({ env, containerRuntime: noRuntime, localDefaults: nowhere }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ServicesUnavailableError)
    const message = (error as Error).message
    expect(message).toContain('container runtime: Could not find a working container runtime strategy')
    expect(message).toContain('MYSQL_URL/REDIS_URL MySQL mysql://root@127.0.0.1:1/')
    expect(message).toContain('Start one of')
    expect(message).toContain('redis-server')
  })

  it('never prints a password from a URL', async () => {
    const env = { MYSQL_URL: 'mysql://u:hunter2@127.0.0.1:1/', REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }
    const error = (await resolveServices({ env, containerRuntime: noRuntime, localDefaults: nowhere }).catch((e: Error) => e)) as Error
    expect(error.message).not.toContain('hunter2')
  })
})

describe('createTestRun', () => {
  it('gives two runs started at the same time their own database and Redis prefix', async () => {
    const services = { mysqlUrl: inject('mysqlServerUrl'), redisUrl: inject('redisUrl') }
    const [a, b] = await Promise.all([createTestRun(services), createTestRun(services)])
    const knexA = createKnex(a.mysqlUrl, { poolMax: 1 })
    const knexB = createKnex(b.mysqlUrl, { poolMax: 1 })
    const redis = new Redis(services.redisUrl)
    try {
      expect(a.mysqlUrl).not.toBe(b.mysqlUrl)
      expect(a.redisPrefix).not.toBe(b.redisPrefix)
      expect(a.redisPrefix.startsWith(b.redisPrefix)).toBe(false)

      // Data written by one run is invisible to the other.
      await knexA('users').insert({ id: '00000000-0000-4000-8000-0000000000aa', name: 'A', email: 'a@example.com', password_hash: 'x' })
      expect(await knexB('users').count({ n: '*' })).toEqual([{ n: 0 }])
      await redis.set(`${a.redisPrefix}:probe`, '1')

      // Tearing one down leaves the other intact.
      await a.teardown()
      expect(await redis.exists(`${a.redisPrefix}:probe`)).toBe(0)
      const [rows] = (await knexB.raw('SHOW DATABASES LIKE ?', [new URL(a.mysqlUrl).pathname.slice(1)])) as [unknown[]]
      expect(rows).toHaveLength(0)
      expect(await knexB('users').count({ n: '*' })).toEqual([{ n: 0 }])
    } finally {
      await knexA.destroy()
      await knexB.destroy()
      await redis.quit()
      await b.teardown()
    }
  })
})
