/**
 * Counts that do not drift with the machine's speed, read around a burst of `pnpm bench --scale`:
 * how many commands the shape's Redis servers ran, how many of them were scripts, how many
 * statements MySQL ran, how often one waited for another's row lock or deadlocked, and how much of each gateway's and worker's CPU went to threads other than
 * its main one (V8's optimising compiler and garbage collector). Under a CPU quota the rates move
 * by a fifth from one minute to the next on this machine; these counts per decision do not, so
 * they say what one shape does more of than another (docs/scaling.md).
 */
import { Redis } from 'ioredis'
import mysql from 'mysql2/promise'
import { parseMysqlUrl } from '@tickets/db'
import { cpuSeconds } from './scale-parts.js'

export interface ServerCounts {
  /** Commands every Redis server ran (those a script ran included: the work Redis did). */
  redisCommands: number
  /** Scripts called (EVALSHA, EVAL): one round trip each, BullMQ's adds, takes and completions among them. */
  redisScripts: number
  /** Statements MySQL ran (`Questions`: every client's, so nothing else should use the server meanwhile). */
  mysqlStatements: number
  /** Times a statement waited for a row lock another transaction held (`Innodb_row_lock_waits`). */
  mysqlLockWaits: number
  /** Transactions InnoDB rolled back to break a deadlock (`Innodb_deadlocks`; the worker retries its batch). */
  mysqlDeadlocks: number
}

const STATUS: Array<[keyof ServerCounts, string]> = [
  ['mysqlStatements', 'Questions'],
  ['mysqlLockWaits', 'Innodb_row_lock_waits'],
  ['mysqlDeadlocks', 'Innodb_deadlocks'],
]

/** Calls per command since the server started, from INFO commandstats. */
async function commandCalls(port: number): Promise<Map<string, number>> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    const info = await redis.info('commandstats')
    const calls = new Map<string, number>()
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]))
    return calls
  } finally {
    redis.disconnect()
  }
}

/** What the shape's Redis servers (by port) and the MySQL server have run so far. */
export async function readServerCounts(redisPorts: readonly number[], mysqlUrl: string): Promise<ServerCounts> {
  const counts: ServerCounts = { redisCommands: 0, redisScripts: 0, mysqlStatements: 0, mysqlLockWaits: 0, mysqlDeadlocks: 0 }
  for (const calls of await Promise.all(redisPorts.map(commandCalls))) {
    for (const [command, n] of calls) {
      counts.redisCommands += n
      if (command === 'evalsha' || command === 'eval') counts.redisScripts += n
    }
  }
  const db = await mysql.createConnection(parseMysqlUrl(mysqlUrl) as mysql.ConnectionOptions)
  try {
    const [rows] = await db.query('SHOW GLOBAL STATUS WHERE Variable_name IN (?)', [STATUS.map(([, name]) => name)])
    const values = new Map((rows as Array<{ Variable_name: string; Value: string }>).map((row) => [row.Variable_name, Number(row.Value)]))
    for (const [key, name] of STATUS) counts[key] = values.get(name) ?? 0
  } finally {
    await db.end()
  }
  return counts
}

/** Per decision, between two readings (the readings' own commands and statements are a handful, not subtracted). */
export function countsPerDecision(before: ServerCounts, after: ServerCounts, decisions: number): ServerCounts {
  const per = (key: keyof ServerCounts) => (decisions > 0 ? (after[key] - before[key]) / decisions : 0)
  return { redisCommands: per('redisCommands'), redisScripts: per('redisScripts'), mysqlStatements: per('mysqlStatements'), mysqlLockWaits: per('mysqlLockWaits'), mysqlDeadlocks: per('mysqlDeadlocks') }
}

/** CPU seconds of a process's main thread so far (its thread whose id is the pid); null once it is gone. */
export const mainThreadSeconds = (pid: number | undefined): number | null => cpuSeconds(pid, `/proc/${pid}/task/${pid}/stat`)

/**
 * The share of these processes' CPU spent outside their main threads between two readings of
 * `[process seconds, main thread seconds]` each: V8's compiler and garbage collector threads, and
 * libuv's pool. 0-1; NaN when nothing was spent.
 */
export function backgroundShare(before: Array<[number | null, number | null]>, after: Array<[number | null, number | null]>): number {
  let all = 0
  let main = 0
  after.forEach(([total, mainNow], i) => {
    const [total0, main0] = before[i] ?? [null, null]
    if (total === null || mainNow === null || total0 === null || main0 === null) return
    all += total - total0
    main += mainNow - main0
  })
  return all > 0 ? (all - main) / all : Number.NaN
}

/** Reads [process seconds, main thread seconds] for each pid. */
export const threadReadings = (pids: ReadonlyArray<number | undefined>): Array<[number | null, number | null]> =>
  pids.map((pid) => [cpuSeconds(pid), mainThreadSeconds(pid)])
