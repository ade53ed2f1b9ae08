import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Every process a test (or `pnpm bench`) starts goes through `spawnTracked`, so none outlives the
 * run, whatever happens to it:
 *
 * - each child leads a process group of its own, and is killed as a group (`kill(-pid)`), so
 *   whatever it started goes with it;
 * - this process kills its children when it exits (a crashed script, a test file that ended);
 * - the test run's global teardown, which runs in vitest's main process even when a test worker
 *   died or timed out, kills every group still listed in TICKETS_TRACKED_PROCESSES (one file per
 *   running child), so a worker killed with SIGKILL leaves nothing behind either;
 * - `killTracked()` (every test file runs it after its last test) kills what that file left.
 */
const running = new Set<ChildProcess>()

/** The registry directory the global setup created for this run, if any. */
const registry = () => process.env.TICKETS_TRACKED_PROCESSES

const killGroup = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const child of running) if (child.pid) killGroup(child.pid, 'SIGKILL')
})

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true })
  const pid = child.pid
  if (!pid) return child
  running.add(child)
  const dir = registry()
  if (dir) writeFileSync(join(dir, String(pid)), `${command} ${args.join(' ')}\n`)
  child.once('exit', () => {
    running.delete(child)
    // The group may outlive its leader (a grandchild): kill it with the leader.
    killGroup(pid, 'SIGKILL')
    if (dir) rmSync(join(dir, String(pid)), { force: true })
  })
  return child
}

/** Signals a tracked child's whole process group. */
export function signalTracked(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid && child.exitCode === null && child.signalCode === null) killGroup(child.pid, signal)
}

/** SIGKILLs every child this process started that is still running. */
export function killTracked(): number {
  let killed = 0
  for (const child of running) {
    if (child.pid) killGroup(child.pid, 'SIGKILL')
    killed++
  }
  return killed
}

/** For the global setup: a fresh registry directory, exported to every test worker through the environment. */
export function createProcessRegistry(dir: string): void {
  mkdirSync(dir, { recursive: true })
  process.env.TICKETS_TRACKED_PROCESSES = dir
}

/** For the global teardown: kills every process group still listed, then removes the registry. */
export function killRegistered(dir: string): string[] {
  const left: string[] = []
  for (const file of readdirSync(dir, { withFileTypes: true })) {
    if (!file.isFile()) continue
    const pid = Number(file.name)
    if (!Number.isInteger(pid)) continue
    try {
      process.kill(pid, 0)
      left.push(file.name)
    } catch {
      continue
    }
    killGroup(pid, 'SIGKILL')
  }
  rmSync(dir, { recursive: true, force: true })
  return left
}
