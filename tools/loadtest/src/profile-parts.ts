/** Reading what a burst cost each process: V8 CPU profiles, Redis command stats, MySQL status counters. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  startTime: number
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface SelfTime {
  /** `function (file:line)`, or a package name when grouped by package. */
  name: string
  ms: number
  share: number
}

/** Where a frame's code lives: an npm package, Node's own code, the project's file, or V8 (GC, idle, program). */
export function packageOf(url: string): string {
  if (!url) return '(v8)'
  if (url.startsWith('node:')) return 'node:*'
  const modules = url.lastIndexOf('/node_modules/')
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  const project = /\/(services|packages|tools)\/([^/]+)\//.exec(url)
  return project ? `${project[1]}/${project[2]}` : url
}

/**
 * Self time per function and per package of one `.cpuprofile`, largest first, idle time left out.
 * `window` keeps only the samples taken within it, in microseconds of the monotonic clock (V8's
 * sample times and `process.hrtime` read the same clock, so another process can mark a burst).
 */
export function summarizeProfile(
  profile: CpuProfile,
  top = 25,
  window?: { fromUs: number; toUs: number },
): { totalMs: number; functions: SelfTime[]; packages: SelfTime[]; project: SelfTime[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  // Inclusive time of the project's own functions (services/, packages/): where its time goes, callees included.
  const inclusive = new Map<string, number>()
  const fn = new Map<string, number>()
  const pkg = new Map<string, number>()
  let total = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0
    if (window && (at < window.fromUs || at > window.toUs)) return
    const node = byId.get(id)
    if (!node) return
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === '(idle)') return
    const us = profile.timeDeltas[i] ?? 0
    total += us
    const file = url.split('/').slice(-2).join('/')
    const name = `${functionName || '(anonymous)'}${url ? ` (${file}:${lineNumber + 1})` : ''}`
    fn.set(name, (fn.get(name) ?? 0) + us)
    const where = packageOf(url)
    pkg.set(where, (pkg.get(where) ?? 0) + us)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame
      if (!/\/(services|packages)\//.test(frame.url) || frame.url.includes('node_modules')) continue
      const key = `${frame.functionName || '(anonymous)'} (${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1})`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + us)
    }
  })
  const rank = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: total ? us / total : 0 }))
  return { totalMs: Math.round(total / 1000), functions: rank(fn), packages: rank(pkg), project: rank(inclusive) }
}

/** Every `.cpuprofile` in `dir`, newest last. */
export function readProfiles(dir: string): Array<{ file: string; profile: CpuProfile }> {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort()
    .map((file) => ({ file, profile: JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile }))
}

/** `INFO commandstats` as { command: { calls, usec } }. */
export function parseCommandStats(info: string): Record<string, { calls: number; usec: number }> {
  const stats: Record<string, { calls: number; usec: number }> = {}
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) stats[match[1]!] = { calls: Number(match[2]), usec: Number(match[3]) }
  return stats
}

/** What changed between two readings of counters (commands, status variables), largest first; unchanged ones left out. */
export function counterDeltas<T>(before: Record<string, T>, after: Record<string, T>, value: (entry: T) => number): Array<[string, number]> {
  return Object.entries(after)
    .map(([name, entry]): [string, number] => [name, value(entry) - (before[name] === undefined ? 0 : value(before[name]!))])
    .filter(([, delta]) => delta !== 0)
    .sort((a, b) => b[1] - a[1])
}
