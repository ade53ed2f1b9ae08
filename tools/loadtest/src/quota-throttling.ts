/**
 * Whether a quota'd process of `pnpm bench --scale --cpu-quota` was held by its quota during a
 * burst, and how busy the whole machine was. A process throttled in nearly every period used its
 * whole share: it was the limit, and what it did per booking is what to look at. A process short of
 * its share and rarely throttled waited: for work, or for a core this machine's other processes
 * had (separate machines never wait for that; the machine's busy cores say whether it could).
 */
import { readFileSync } from 'node:fs'
import type { CpuQuotaGroup, QuotaThrottling } from '@tickets/testing/cpu-quota'

/** A reading for each quota group (null once it is gone). */
export function readThrottling(groups: readonly CpuQuotaGroup[]): Array<QuotaThrottling | null> {
  return groups.map((group) => {
    try {
      return group.throttling()
    } catch {
      return null
    }
  })
}

/**
 * Between two readings, the share of the quota periods in which each group used up its quota and
 * was held, as a mean over the groups (NaN when none was read or none ran). Periods, not the
 * kernel's throttled time: on cgroup v1 that adds up each core's, and passes the wall time.
 */
export function throttledShare(before: ReadonlyArray<QuotaThrottling | null>, after: ReadonlyArray<QuotaThrottling | null>): number {
  const shares = after.flatMap((now, i) => {
    const then = before[i]
    if (!now || !then || now.periods <= then.periods) return []
    return [(now.throttledPeriods - then.throttledPeriods) / (now.periods - then.periods)]
  })
  return shares.length > 0 ? shares.reduce((sum, share) => sum + share, 0) / shares.length : Number.NaN
}

/** Busy and total CPU time of the whole machine so far, and the time its hypervisor took (steal), from /proc/stat in clock ticks. */
export function machineTicks(): { busy: number; steal: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = fields.reduce((sum, n) => sum + n, 0)
  // idle and iowait are not work; steal is time the hypervisor gave another guest.
  return { busy: total - fields[3]! - (fields[4] ?? 0) - (fields[7] ?? 0), steal: fields[7] ?? 0, total }
}

/** Cores the machine kept busy between two readings, and the share of its time stolen by the hypervisor. */
export function machineBusy(before: ReturnType<typeof machineTicks>, after: ReturnType<typeof machineTicks>, cores: number): { cores: number; steal: number } {
  const total = Math.max(1, after.total - before.total)
  return { cores: ((after.busy - before.busy) / total) * cores, steal: (after.steal - before.steal) / total }
}
