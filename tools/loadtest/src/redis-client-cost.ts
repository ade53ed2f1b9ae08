/**
 * `pnpm bench --redis-client`: what one Redis command costs the client (ioredis) and the server,
 * auto-pipelined or not, by how many commands a turn of the event loop issues together. The
 * platform's choice of which connections auto-pipeline (packages/queue create-redis.ts) rests on
 * this table.
 *
 * Each connection defines 64 Lua scripts, as BullMQ does on every connection it is given (an
 * auto-pipeline copies them all), or none. The command is an HKEYS of a missing key (a cheap
 * one: what is measured is the round trip's own cost). CPU is the client process's (user +
 * system, process.cpuUsage) and the Redis server's (from /proc, when it runs on this machine)
 * over 30,000 commands, after a warm-up.
 */
import { execFileSync } from 'node:child_process'
import { Redis } from 'ioredis'
import { cpuSeconds } from './scale-parts.js'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `tickets-redis-client-cost-${process.pid}:`
const COMMANDS = 30_000
const TURN_SIZES = [1, 3, 10, 30, 100]

/** The Redis server's CPU so far (us), or null when it is not a local process we can read. */
function serverCpuUs(): number | null {
  let pid: number
  try {
    const port = new URL(url).port || '6379'
    pid = Number(execFileSync('pgrep', ['-f', `redis-server .*:${port}`]).toString().trim().split('\n')[0])
  } catch {
    return null
  }
  const seconds = cpuSeconds(pid)
  return seconds === null ? null : seconds * 1e6
}

async function measure(autoPipelining: boolean, scripts: number, perTurn: number): Promise<{ client: number; server: number | null }> {
  const redis = new Redis(url, { enableAutoPipelining: autoPipelining, lazyConnect: true })
  for (let i = 0; i < scripts; i++) redis.defineCommand(`script${i}`, { numberOfKeys: 1, lua: `return ${i}` })
  await redis.connect()
  const turn = () => Promise.all(Array.from({ length: perTurn }, (_, i) => redis.hkeys(`${prefix}${i}`)))
  try {
    for (let sent = 0; sent < 3_000; sent += perTurn) await turn()
    const server = serverCpuUs()
    const client = process.cpuUsage()
    for (let sent = 0; sent < COMMANDS; sent += perTurn) await turn()
    const used = process.cpuUsage(client)
    const serverAfter = serverCpuUs()
    return { client: (used.user + used.system) / COMMANDS, server: server === null || serverAfter === null ? null : (serverAfter - server) / COMMANDS }
  } finally {
    redis.disconnect()
  }
}

const cell = ({ client, server }: { client: number; server: number | null }) => (server === null ? client.toFixed(1) : `${client.toFixed(1)} + ${server.toFixed(1)}`)

process.stdout.write(`CPU us per command, client + Redis (${url}; ${COMMANDS.toLocaleString('en-US')} HKEYS at each number of commands per turn)\n`)
process.stdout.write(`${'connection'.padEnd(34)}${TURN_SIZES.map((n) => `${n} a turn`.padStart(15)).join('')}\n`)
for (const [label, autoPipelining, scripts] of [
  ['auto-pipelined, 64 scripts', true, 64],
  ['auto-pipelined, no script', true, 0],
  ['not auto-pipelined, 64 scripts', false, 64],
] as const) {
  const cells: string[] = []
  for (const perTurn of TURN_SIZES) cells.push(cell(await measure(autoPipelining, scripts, perTurn)))
  process.stdout.write(`${label.padEnd(34)}${cells.map((text) => text.padStart(15)).join('')}\n`)
}
