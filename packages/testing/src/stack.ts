import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { signalTracked, spawnTracked } from './processes.js'

/** The repository root: services are started from it, as `pnpm start` does. */
const root = fileURLToPath(new URL('../../../', import.meta.url))

export interface RunningProcess {
  name: string
  child: ChildProcess
  /** Everything it printed, for assertions on logs and for failure messages. */
  output: () => string
  /** SIGTERM, then the exit code (or signal) once it has exited. */
  stop: () => Promise<number | string>
}

export interface Stack {
  gatewayUrl: string
  /** Every gateway's URL (the first is gatewayUrl); more than one with `gateways: N`. */
  gatewayUrls: string[]
  /** The environment every process got (minus PORT), to start more of them. */
  env: Record<string, string>
  urls: { gateway: string; users: string; events: string }
  /** Each worker's /health and /metrics (METRICS_PORT). */
  workerUrls: string[]
  processes: RunningProcess[]
  stop: () => Promise<Array<number | string>>
}

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

/**
 * Starts one service the way `pnpm start` does (node + tsx), with extra environment and, for
 * profiling, extra node flags (`--cpu-prof --cpu-prof-dir=...`).
 */
export function startProcess(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): RunningProcess {
  return startNode(name, [...nodeArgs, '--import', 'tsx', entry], { env })
}

/**
 * Runs `node <args>` in `cwd` (the repository root by default) as a tracked process, its output
 * kept for assertions; `exited` settles with the exit code (or signal). The built services
 * (`node dist/server.mjs` in a build directory) start through it too.
 */
export function startNode(name: string, args: string[], options: { env: Record<string, string>; cwd?: string }): RunningProcess & { exited: Promise<number | string> } {
  const child = spawnTracked(process.execPath, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string)
  return {
    name,
    child,
    exited,
    output: () => output,
    stop: async () => {
      signalTracked(child, 'SIGTERM')
      return exited
    },
  }
}

export async function waitForReady(url: string, process: RunningProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited early:\n${process.output()}`)
    try {
      const res = await fetch(`${url}/health/ready`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${process.name} not ready at ${url} within ${timeoutMs} ms:\n${process.output()}`)
}

/**
 * The four processes of `pnpm start`, on free ports. `env` must name the database and Redis
 * (MYSQL_URL, REDIS_URL, REDIS_PREFIX); the tests and `pnpm bench` each pass their own.
 */
export async function startStack(env: Record<string, string>, options: { workers?: number; gateways?: number; nodeArgs?: string[] } = {}): Promise<Stack> {
  const [gatewayPort, usersPort, eventsPort] = await Promise.all([freePort(), freePort(), freePort()])
  const urls = {
    gateway: `http://127.0.0.1:${gatewayPort}`,
    users: `http://127.0.0.1:${usersPort}`,
    events: `http://127.0.0.1:${eventsPort}`,
  }
  const shared = {
    LOG_LEVEL: 'info',
    USER_SERVICE_URL: urls.users,
    EVENT_SERVICE_URL: urls.events,
    // Workers serve /health and /metrics on a port of their own; any free one will do here.
    METRICS_PORT: '0',
    ...env,
  }
  const users = startProcess('user-service', 'services/user-service/src/server.ts', { ...shared, PORT: String(usersPort) }, options.nodeArgs)
  const events = startProcess('event-service', 'services/event-service/src/server.ts', { ...shared, PORT: String(eventsPort) }, options.nodeArgs)
  const workerPorts = await Promise.all(Array.from({ length: options.workers ?? 1 }, () => freePort()))
  const workers = workerPorts.map((port, i) =>
    startProcess(`worker-${i + 1}`, 'services/worker/src/main.ts', { ...shared, METRICS_PORT: String(port) }, options.nodeArgs),
  )
  const extraPorts = await Promise.all(Array.from({ length: Math.max(0, (options.gateways ?? 1) - 1) }, () => freePort()))
  const gatewayUrls = [urls.gateway, ...extraPorts.map((port) => `http://127.0.0.1:${port}`)]
  const gateways = [gatewayPort, ...extraPorts].map((port, i) =>
    startProcess(i === 0 ? 'gateway' : `gateway-${i + 1}`, 'services/gateway/src/server.ts', { ...shared, PORT: String(port) }, options.nodeArgs),
  )
  const processes = [users, events, ...workers, ...gateways]

  try {
    await Promise.all([waitForReady(urls.users, users), waitForReady(urls.events, events), ...gateways.map((g, i) => waitForReady(gatewayUrls[i]!, g))])
    // Ready means consuming: the worker's own /health/ready checks MySQL, Redis and the Worker.
    await Promise.all(workers.map((worker, i) => waitForReady(`http://127.0.0.1:${workerPorts[i]}`, worker)))
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()))
    throw error
  }

  return {
    gatewayUrl: urls.gateway,
    gatewayUrls,
    env: shared,
    urls,
    workerUrls: workerPorts.map((port) => `http://127.0.0.1:${port}`),
    processes,
    // The gateways first, so nothing new arrives while the rest drain.
    stop: async () => {
      const codes = await Promise.all(gateways.map((g) => g.stop()))
      codes.push(...(await Promise.all(processes.filter((p) => !gateways.includes(p)).map((p) => p.stop()))))
      return codes
    },
  }
}

export async function waitForLog(process: RunningProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!process.output().includes(text)) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited early:\n${process.output()}`)
    if (Date.now() > deadline) throw new Error(`${process.name} did not log "${text}":\n${process.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
