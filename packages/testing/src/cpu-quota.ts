import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A Linux cgroup with a CPU quota, to measure scale-out on one machine as it would be on many:
 * each gateway and worker gets its own share of a core (say 0.1), so adding processes adds
 * capacity until something shared (Redis, MySQL, a lock) is the limit, instead of every shape
 * running out of this machine's two cores.
 *
 * cgroup v2 (`cpu.max` in a unified hierarchy with the cpu controller) or v1 (`cpu.cfs_quota_us`
 * under /sys/fs/cgroup/cpu), whichever this machine has; needs permission to create groups there
 * (root, or a delegated subtree).
 *
 * The period is 100 ms unless asked otherwise, as in Kubernetes and Docker: a process held to 0.1
 * core runs up to 10 ms at a stretch, then waits. Until 2026-12-01 it was 10 ms (1 ms at a stretch),
 * and that alone cost CPU: four separate 1+1 platforms, which share nothing but the machine, spent
 * 1.3-1.45x the CPU per booking of one with a 10 ms period and 1.1-1.15x with 100 ms, in one run
 * (docs/scaling.md), since every process resumed ten times as often on caches the others had
 * filled. Separate machines do not take turns on one core at all: the longer period is nearer them.
 */
export interface CpuQuotaGroup {
  /** Moves a process (all its threads) into the group. */
  add(pid: number): void
  /**
   * The group's throttling so far (the kernel's cpu.stat): quota periods in which it ran, periods
   * in which it used up its quota and was held, and for how long in all (seconds). Held most of
   * the time, a process was bound by its quota; rarely held yet short of its share, it waited for
   * something else (work, or a core the machine's other processes had).
   */
  throttling(): QuotaThrottling
  /** Removes the group; its processes must have exited (or been moved) first. */
  remove(): void
}

export interface QuotaThrottling {
  periods: number
  throttledPeriods: number
  /** On cgroup v1 the kernel adds up each core's throttled time, so a group held on two cores at once counts twice. */
  throttledSeconds: number
}

const DEFAULT_QUOTA_PERIOD_US = 100_000
const V1_ROOT = '/sys/fs/cgroup/cpu'
const V2_ROOT = '/sys/fs/cgroup'

type Flavour = { version: 1; root: string } | { version: 2; root: string }

function flavour(): Flavour | undefined {
  if (existsSync(join(V2_ROOT, 'cgroup.controllers')) && readFileSync(join(V2_ROOT, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')) return { version: 2, root: V2_ROOT }
  if (existsSync(join(V1_ROOT, 'cpu.cfs_quota_us'))) return { version: 1, root: V1_ROOT }
  return undefined
}

/** Why CPU quota groups cannot be made here, or undefined when they can (a group is made and removed to find out). */
export function cpuQuotaUnavailable(): string | undefined {
  const found = flavour()
  if (!found) return 'no cgroup cpu controller (neither cgroup v2 with cpu, nor v1 /sys/fs/cgroup/cpu)'
  try {
    createCpuQuotaGroup(`tickets-probe-${process.pid}`, 0.5).remove()
    return undefined
  } catch (error) {
    return `cannot create a cgroup under ${found.root}: ${(error as Error).message}`
  }
}

export function createCpuQuotaGroup(name: string, cores: number, periodUs = DEFAULT_QUOTA_PERIOD_US): CpuQuotaGroup {
  const found = flavour()
  if (!found) throw new Error('no cgroup cpu controller on this machine')
  if (!(cores > 0)) throw new Error(`a CPU quota must be above 0 cores (got ${cores})`)
  if (!(Number.isInteger(periodUs) && periodUs >= 1_000 && periodUs <= 1_000_000)) throw new Error(`a CPU quota period is 1,000-1,000,000 us (got ${periodUs})`)
  const dir = join(found.root, name)
  mkdirSync(dir)
  const quotaUs = Math.max(1_000, Math.round(cores * periodUs))
  if (found.version === 2) {
    writeFileSync(join(dir, 'cpu.max'), `${quotaUs} ${periodUs}`)
  } else {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(periodUs))
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quotaUs))
  }
  return {
    add(pid) {
      writeFileSync(join(dir, 'cgroup.procs'), String(pid))
    },
    throttling() {
      const stat = new Map(
        readFileSync(join(dir, 'cpu.stat'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split(' ') as [string, string]),
      )
      const count = (key: string) => Number(stat.get(key) ?? 0)
      // v1 reports the time in nanoseconds, v2 in microseconds.
      const throttledSeconds = found.version === 2 ? count('throttled_usec') / 1e6 : count('throttled_time') / 1e9
      return { periods: count('nr_periods'), throttledPeriods: count('nr_throttled'), throttledSeconds }
    },
    remove() {
      rmdirSync(dir)
    },
  }
}
