import { Redis } from 'ioredis'
import { createKnex, withDatabase } from '@tickets/db'

export interface ResolvedServices {
  /** A MySQL/MariaDB server URL whose user may create and drop databases. */
  mysqlUrl: string
  redisUrl: string
  source: 'containers' | 'environment' | 'local defaults'
  stop: () => Promise<void>
}

/** Where this machine's MariaDB and Redis answer when nothing else is configured. */
export const LOCAL_DEFAULTS = {
  mysql: [
    'mysql://root@localhost/?socketPath=%2Frun%2Fmysqld%2Fmysqld.sock',
    'mysql://root@127.0.0.1:3306/',
  ],
  redis: ['redis://127.0.0.1:6379'],
}

export class ServicesUnavailableError extends Error {
  constructor(tried: string[]) {
    super(
      [
        'No MySQL/MariaDB and Redis to test against.',
        'Tried:',
        ...tried.map((line) => `  - ${line}`),
        'Start one of:',
        '  - a Docker engine (tests then start mysql:8.4 and redis:7 containers themselves), or',
        '  - MySQL/MariaDB and Redis, and set MYSQL_URL (a user that may CREATE DATABASE) and REDIS_URL, e.g.',
        "      start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
        '      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
      ].join('\n'),
    )
    this.name = 'ServicesUnavailableError'
  }
}

export interface ResolveOptions {
  env?: Record<string, string | undefined>
  /** Resolves when a container runtime answers; the default asks testcontainers. */
  containerRuntime?: () => Promise<unknown>
  localDefaults?: typeof LOCAL_DEFAULTS
}

/**
 * Test services, in order: containers when a container runtime answers (and TESTCONTAINERS is
 * not "off"); else MYSQL_URL / REDIS_URL from the environment; else this machine's local
 * defaults; else an error that says what to start.
 */
export async function resolveServices(options: ResolveOptions = {}): Promise<ResolvedServices> {
  const env = options.env ?? process.env
  const tried: string[] = []

  if (env.TESTCONTAINERS !== 'off') {
    const runtime = options.containerRuntime ?? defaultContainerRuntime
    const available = await runtime().then(
      () => true,
      (error: Error) => {
        tried.push(`container runtime: ${firstLine(error.message)}`)
        return false
      },
    )
    if (available) return startContainers()
  }

  if (env.MYSQL_URL || env.REDIS_URL) {
    // Only the server matters: each run creates its own database on it.
    const found = await firstAnswering(env.MYSQL_URL ? [withDatabase(env.MYSQL_URL, '')] : [], env.REDIS_URL ? [env.REDIS_URL] : [], tried, 'MYSQL_URL/REDIS_URL')
    if (found) return { ...found, source: 'environment', stop: async () => {} }
  } else {
    tried.push('MYSQL_URL/REDIS_URL: not set')
  }

  const defaults = options.localDefaults ?? LOCAL_DEFAULTS
  const found = await firstAnswering(defaults.mysql, defaults.redis, tried, 'local default')
  if (found) return { ...found, source: 'local defaults', stop: async () => {} }

  throw new ServicesUnavailableError(tried)
}

async function firstAnswering(mysqlUrls: string[], redisUrls: string[], tried: string[], label: string) {
  let mysqlUrl: string | undefined
  for (const url of mysqlUrls) {
    const problem = await probeMysql(url)
    if (!problem) {
      mysqlUrl = url
      break
    }
    tried.push(`${label} MySQL ${redact(url)}: ${problem}`)
  }
  let redisUrl: string | undefined
  for (const url of redisUrls) {
    const problem = await probeRedis(url)
    if (!problem) {
      redisUrl = url
      break
    }
    tried.push(`${label} Redis ${redact(url)}: ${problem}`)
  }
  if (mysqlUrls.length === 0) tried.push(`${label} MySQL: not set`)
  if (redisUrls.length === 0) tried.push(`${label} Redis: not set`)
  return mysqlUrl && redisUrl ? { mysqlUrl, redisUrl } : undefined
}

async function probeMysql(url: string): Promise<string | undefined> {
  const knex = createKnex(url, { poolMax: 1 })
  try {
    await knex.raw('SELECT 1')
    return undefined
  } catch (error) {
    return firstLine((error as Error).message)
  } finally {
    await knex.destroy()
  }
}

async function probeRedis(url: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
    return undefined
  } catch (error) {
    return firstLine((error as Error).message) || 'no answer'
  } finally {
    redis.disconnect()
  }
}

async function defaultContainerRuntime(): Promise<unknown> {
  const { getContainerRuntimeClient } = await import('testcontainers')
  return getContainerRuntimeClient()
}

async function startContainers(): Promise<ResolvedServices> {
  const [{ MySqlContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/mysql'),
    import('@testcontainers/redis'),
  ])
  const [mysql, redis] = await Promise.all([
    new MySqlContainer('mysql:8.4').start(),
    new RedisContainer('redis:7').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).start(),
  ])
  const mysqlUrl = new URL(mysql.getConnectionUri(true))
  mysqlUrl.pathname = '/'
  return {
    mysqlUrl: mysqlUrl.toString(),
    redisUrl: redis.getConnectionUrl(),
    source: 'containers',
    stop: async () => {
      await Promise.all([mysql.stop(), redis.stop()])
    },
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 200) ?? ''
}

function redact(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}
