/** The CPU-per-request table of `pnpm bench`: one row per process, one column per system. */

/** `server`: the process answering booking requests (the platform's gateway, or a baseline server). */
export const CPU_GROUPS = ['server', 'worker', 'redis', 'mysql', 'total'] as const
export type CpuGroup = (typeof CPU_GROUPS)[number]

const LABELS: Record<CpuGroup, string> = {
  server: 'gateway / server',
  worker: 'worker',
  redis: 'Redis',
  mysql: 'MySQL',
  total: 'total',
}

/**
 * Microseconds of CPU per request of each process, for each run, then the ratio of the first run
 * to each other one ("0.50x" = the first spends half as much). Lower is better.
 */
export function cpuPerRequestTable(runs: Array<{ label: string; cpu: Record<CpuGroup, number | null> }>): string[][] {
  const [first, ...others] = runs
  if (!first) return []
  const us = (value: number | null) => (value === null ? '-' : Math.round(value).toLocaleString('en-US'))
  const ratio = (x: number | null, y: number | null) => (x !== null && y ? `${(x / y).toFixed(2)}x` : '-')
  return [
    ['CPU us / request', ...runs.map((run) => run.label), ...others.map((other) => `${first.label} / ${other.label}`)],
    ...CPU_GROUPS.map((group) => [LABELS[group], ...runs.map((run) => us(run.cpu[group])), ...others.map((other) => ratio(first.cpu[group], other.cpu[group]))]),
  ]
}
