import type { TestRun } from '@tickets/testing/run'
import type { LoadtestOptions } from './options.js'

/** What `pnpm bench` and `pnpm bench --scale` share: the administrator, the bursts, the platform's environment. */
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' }
// Shared by the platform and the baseline server, which verifies the same tokens.
const JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef'

export type Burst = Omit<LoadtestOptions, 'base' | 'adminEmail' | 'adminPassword' | 'json' | 'progress'>

/** The standard burst: one hot event, 1,000 tickets, 10,000 requests, concurrency 100. */
export const HOT: Burst = {
  events: 1,
  tickets: 1_000,
  categories: 1,
  price: 50,
  limit: 4,
  users: 1_000,
  userPrefix: 'bench',
  requests: 10_000,
  quantity: { min: 1, max: 4 },
  concurrency: 100,
  seed: 42,
  drainTimeout: 600,
}
/** The same requests spread over 20 events of 250 tickets each. */
export const MANY: Burst = { ...HOT, events: 20, tickets: 250, seed: 43 }
/**
 * Every request books: one paid event with a ticket for every request, no per-user limit, one
 * ticket a request. Each of the 10,000 requests becomes a pending hold (nothing is refused), so the
 * worker's whole path is measured, not the sold-out fast path.
 */
export const STADIUM: Burst = { ...HOT, tickets: 10_000, limit: null, quantity: { min: 1, max: 1 }, seed: 44 }
/** The same, spread over 20 paid events that each have a ticket for every request. */
export const SPREAD: Burst = { ...STADIUM, events: 20, seed: 45 }
/**
 * Every request books several kinds of ticket: one paid event of three categories with a ticket
 * for every line, each request 1..3 lines of one ticket (about 2 tickets a request), decided all or
 * nothing.
 */
const CATEGORIES: Burst = { ...STADIUM, tickets: 30_000, categories: 3, seed: 46 }
export const WARM_UP: Burst = { ...HOT, tickets: 200, requests: 2_000, concurrency: 50, seed: 7 }

/**
 * The platform as in production, on the run's database and Redis prefix. With `cpuQuota` (the
 * share of a core each gateway and worker will get), the gateways' enqueue deadline scales with
 * it: a tenth of a core answers about ten times slower, and the 1 s deadline made a 1+1 gateway
 * answer 503 to adds that landed anyway (bookings its client never heard of, which the invariant
 * check rightly counts as "not from this burst").
 */
export function platformEnv(run: Pick<TestRun, 'mysqlUrl' | 'redisUrl' | 'redisPrefix'>, cpuQuota?: number): Record<string, string> {
  return {
    ...(cpuQuota !== undefined ? { QUEUE_ADD_TIMEOUT_MS: String(Math.min(60_000, Math.round(1_000 / cpuQuota))) } : {}),
    NODE_ENV: 'production',
    MYSQL_URL: run.mysqlUrl,
    REDIS_URL: run.redisUrl,
    REDIS_PREFIX: run.redisPrefix,
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Sign-in cost and abuse limits are not what this measures: keep them out of the way.
    BCRYPT_COST: '4',
    BOOKING_RATE_LIMIT_MAX: '1000000',
    LOGIN_RATE_LIMIT_MAX: '1000000',
    // The sync baseline has no cross-event cap on unpaid holds: keep the rules the same. The cap's
    // query still runs in every batch (it is on), it just never rejects here.
    MAX_HELD_TICKETS_PER_USER: '100000',
  }
}

/** The workloads of `pnpm bench`, each a judged block of its table. */
export const BENCH_WORKLOADS = [
  { name: 'hot', title: 'one hot event (1,000 tickets, 10,000 requests of 1-4, 1,000 users, concurrency 100)', burst: HOT },
  { name: 'many', title: '20 events of 250 tickets (10,000 requests of 1-4 spread over them, 1,000 users, concurrency 100)', burst: MANY },
  { name: 'stadium', title: 'stadium: one paid event with a ticket for every request (10,000 requests of 1, no per-user limit: every request books)', burst: STADIUM },
  { name: 'spread', title: 'spread: 20 paid events with a ticket for every request (10,000 requests of 1 spread over them: every request books)', burst: SPREAD },
  { name: 'categories', title: 'categories: one paid event of 3 categories, 10,000 requests of 1-3 lines of 1 ticket each, a ticket for every line (every request books)', burst: CATEGORIES },
] as const

/** `--cpu-quota <cores>` as a number of cores, or undefined when not given. */
export function parseCpuQuota(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const cores = Number(text)
  if (!(cores > 0 && cores <= 64)) throw new Error(`--cpu-quota takes a number of cores above 0 (got ${text})`)
  return cores
}

/** `--quota-period-ms`: the CPU quota's period (undefined: cpu-quota.ts's default; a plan row's `quotaPeriodMs` wins). */
export function parseQuotaPeriod(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const ms = Number(text)
  if (!(Number.isInteger(ms) && ms >= 1 && ms <= 1_000)) throw new Error(`--quota-period-ms takes a whole number of ms, 1-1000 (got ${text})`)
  return ms
}
