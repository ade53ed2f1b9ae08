import knex, { type Knex } from 'knex'

export type { Knex }

export interface CreateKnexOptions {
  /** Pool size; the worker's should be at least its job concurrency. */
  poolMax?: number
  /** How long a query waits for a free connection (or a new one) before KnexTimeoutError. */
  acquireTimeoutMs?: number
  /**
   * Where knex's own warnings go (a pool acquire timeout, a deprecation). Without one knex prints
   * them, with a stack, to the console: unstructured lines in the JSON logs of a service that
   * already answered that request 503 and logged it.
   */
  log?: { warn(message: string): void }
  /**
   * Lets one query carry several statements (`a; b; c`), which runTogether sends in one round
   * trip. Only for code whose SQL is all built with bindings; off unless asked for (the worker
   * asks: its group commit).
   */
  multipleStatements?: boolean
}

/** The pool settings every service takes from its configuration (DB_POOL_MAX, DB_ACQUIRE_TIMEOUT_MS). */
export function createKnexFromConfig(
  config: { MYSQL_URL: string; DB_POOL_MAX: number; DB_ACQUIRE_TIMEOUT_MS: number },
  log?: CreateKnexOptions['log'],
  options: Pick<CreateKnexOptions, 'multipleStatements'> = {},
): Knex {
  return createKnex(config.MYSQL_URL, { ...options, poolMax: config.DB_POOL_MAX, acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS, ...(log ? { log } : {}) })
}

/**
 * Turns `mysql://user:pass@host:port/db?socketPath=/run/mysqld/mysqld.sock` into mysql2
 * connection options. The socket form matters for local MariaDB, whose root user is often
 * allowed only through the unix socket.
 */
export function parseMysqlUrl(url: string): Knex.MySql2ConnectionConfig {
  const parsed = new URL(url)
  if (parsed.protocol !== 'mysql:') throw new Error(`MYSQL_URL must start with mysql:// (got ${parsed.protocol})`)
  const socketPath = parsed.searchParams.get('socketPath') ?? undefined
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined
  return {
    ...(socketPath ? { socketPath } : { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 3306) }),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    ...(database ? { database } : {}),
    // Every DATETIME is UTC, on the wire and in the session (see afterCreate).
    timezone: 'Z',
    // DECIMAL stays a string: money never passes through a float.
    decimalNumbers: false,
    supportBigNumbers: true,
    charset: 'utf8mb4',
    typeCast: bytesAsText,
  }
}

/** Columns stored as bytes (compared byte for byte) that the code reads as the UTF-8 text they hold. */
const TEXT_IN_BYTES = new Set(['idempotency_key'])

/** mysql2 hands binary columns over as Buffers; the few that hold text come back as strings. */
function bytesAsText(field: { name: string; buffer: () => Buffer | null }, next: () => unknown): unknown {
  if (!TEXT_IN_BYTES.has(field.name)) return next()
  const bytes = field.buffer()
  return bytes === null ? null : bytes.toString('utf8')
}

/** The same server URL with another database name (tests create one database per run). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export function createKnex(url: string, options: CreateKnexOptions = {}): Knex {
  return knex({
    client: 'mysql2',
    connection: { ...parseMysqlUrl(url), ...(options.multipleStatements ? { multipleStatements: true } : {}) },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      afterCreate(connection: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        connection.query("SET time_zone = '+00:00'", (err) => done(err, connection))
      },
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
    ...(options.log ? { log: knexLog(options.log) } : {}),
  })
}

function knexLog(logger: NonNullable<CreateKnexOptions['log']>) {
  const warn = (message: unknown) => logger.warn(String(message).split('\n')[0]!)
  return { warn, error: warn, deprecate: warn, debug: () => {} }
}
