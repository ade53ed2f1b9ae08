import { parseArgs } from 'node:util'
import { BALANCES, isBalance, type Balance } from './client.js'

export interface LoadtestOptions {
  base: string
  adminEmail: string
  adminPassword: string
  /** Events the burst is spread over (each request picks one at random), each with `tickets`. */
  events: number
  tickets: number
  /**
   * Ticket categories of each event (1: the single-pool form, `{quantity}` requests). With more,
   * each event's `tickets` are split over its categories and each request books 1..3 of them in
   * one `items` request, each line `quantity` tickets.
   */
  categories: number
  price: number
  /** Per-user ticket limit of the event; null for none. */
  limit: number | null
  users: number
  /** Users are named `<userPrefix>-<n>@loadtest.example`, so a later run logs them in again. */
  userPrefix: string
  requests: number
  quantity: { min: number; max: number }
  concurrency: number
  seed: number
  /** How long to wait for every accepted booking to be decided, in seconds. */
  drainTimeout: number
  json: boolean
  progress: boolean
  /**
   * Where booking requests go, when not to the gateway (`pnpm bench` points it at a synchronous
   * baseline server on the same database; `pnpm bench --scale` lists every gateway, and requests
   * are spread over them as `balance` says). Everything else still goes to `base`.
   */
  bookingBase?: string | string[]
  /** How requests are spread over several booking bases (see createClient). */
  balance?: Balance
  /**
   * Measure intake only: do not wait for decisions or check the invariant (the bench's intake
   * ceiling queues jobs that no worker drains).
   */
  intakeOnly?: boolean
  /**
   * Open loop: `rate` requests per second for `duration` seconds, each sent at its planned time
   * whatever the answers before it, its latency measured from that time (so overload shows as
   * latency, not as fewer requests: no coordinated omission). Absent: the closed-loop burst of
   * `requests` at `concurrency`.
   */
  openLoop?: { rate: number; duration: number }
  /** Pass/fail thresholds (exit 1 when one is missed). */
  thresholds?: { maxP99Ms?: number; minDecisionsPerSecond?: number; maxErrorRate?: number }
  /** Write a self-contained HTML report here. */
  report?: string
  /**
   * Each client follows its own booking to its outcome: `poll` (GET /api/bookings/:id as
   * Retry-After says) or `sse` (the live status stream); the summary says what it cost.
   */
  follow?: 'poll' | 'sse'
}

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm loadtest [options]

Fires booking requests at a running gateway, follows every accepted booking to its decision,
prints a summary and checks the no-oversell invariant. Closed loop by default (--requests at
--concurrency, each connection sending its next request when the last is answered); open loop with
--rate and --duration (requests sent on schedule whatever the answers, latency measured from the
planned send time). Exit code 1 when the invariant fails, any request got a 5xx or a network
error, bookings were left undecided, or a threshold was missed; 2 for bad flags.

  --base <url>[,<url>...]   gateway URL (default http://localhost:$PORT, PORT defaulting to 3000); several
                            gateways: set-up goes to the first, booking requests are spread over all
  --balance <policy>        how, with several gateways: least-outstanding (default: each request to
                            the gateway with the fewest in flight, as Envoy, HAProxy, nginx least_conn
                            or an AWS ALB can) or round-robin (in turn, whatever each has in flight)
  --admin-email <email>     administrator (default $ADMIN_EMAIL or admin@example.com)
  --admin-password <pw>     (default $ADMIN_PASSWORD or the development default)
  --events <n>              events created for the burst; each request picks one (default 1)
  --tickets <n>             tickets of each event created for the burst (default 100)
  --categories <n>          ticket categories per event (1..20, default 1); with more, the event's
                            tickets are split over them and each request books 1..3 categories in
                            one multi-line request; the invariant is checked per category too
  --price <amount>          ticket price; 0 makes bookings confirmed at once (default 50)
  --limit <n|none>          per-user ticket limit of the event (default 4)
  --users <n>               users to book as; created with the admin account (or found) and signed in (default 50)
  --user-prefix <name>      user emails are <name>-<i>@loadtest.example (default loadtest)
  --requests <n>            booking requests to send (default 500)
  --quantity <n|min-max>    tickets per request, fixed or a range drawn per request (default 1)
  --concurrency <n>         requests in flight at once, over keep-alive connections (default 50)
  --seed <n>                seed for users and quantities: same seed, same burst (default 1)
  --drain-timeout <s>       how long to wait for decisions (default 120)
  --rate <n>                open loop: requests per second (with --duration; replaces --requests)
  --duration <s>            open loop: seconds to send for (with --rate)
  --max-p99-ms <ms>         fail (exit 1) when the intake latency p99 is above this
  --min-decisions-per-second <n>  fail when fewer requests per second get their outcome
  --max-error-rate <0..1>   fail when more than this share of requests got a 5xx or no answer
  --report <file.html>      write a self-contained HTML report (time series and the summary)
  --follow <poll|sse>       each client follows its own booking to its outcome, by polling
                            GET /api/bookings/:id (as Retry-After says) or over the live status
                            stream (GET /api/bookings/:id/events); the summary adds the requests per
                            booking, when clients saw their outcome, and the gateway's CPU per booking
  --json                    print the summary as JSON on stdout
  --no-progress             no live progress line on stderr
  -h, --help                this text`

const parseBalance = (value: string): Balance => {
  if (!isBalance(value)) throw new UsageError(`--balance must be ${BALANCES.join(' or ')}, got "${value}"`)
  return value
}

const positiveInt = (name: string, value: string, max = 1_000_000_000): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${value}"`)
  }
  return Number(value)
}

export function parseQuantity(value: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value)
  const min = Number(match?.[1])
  const max = Number(match?.[2] ?? match?.[1])
  if (!match || min < 1 || max < min || max > 100) {
    throw new UsageError(`--quantity must be a number or a range like 1-4 (within 1..100), got "${value}"`)
  }
  return { min, max }
}

/**
 * Parses argv (without node and script). Unknown flags, missing values and out-of-range
 * numbers throw a UsageError naming the flag; `null` means help was asked for.
 */
export function parseOptions(argv: string[], env: Record<string, string | undefined> = process.env): LoadtestOptions | null {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv, env)
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  const { values, positionals } = parsed
  if (values.help) return null
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)

  // Several gateways without a balancer in front: set-up and the drain go to the first, the
  // booking requests take turns among them all.
  const bases = values.base.split(',').map((one) => {
    let base: URL
    try {
      base = new URL(one.trim())
    } catch {
      throw new UsageError(`--base must be a URL like http://localhost:3000 (or several, comma separated), got "${values.base}"`)
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--base must be http or https, got "${values.base}"`)
    return base.origin + base.pathname.replace(/\/$/, '')
  })

  const price = Number(values.price)
  if (!/^\d+(\.\d{1,2})?$/.test(values.price) || !Number.isFinite(price)) {
    throw new UsageError(`--price must be an amount like 50 or 12.50, got "${values.price}"`)
  }
  const limit = values.limit === 'none' ? null : positiveInt('limit', values.limit, 100)
  const drainTimeout = positiveInt('drain-timeout', values['drain-timeout'], 24 * 3600)
  if ((values.rate === undefined) !== (values.duration === undefined)) throw new UsageError('--rate and --duration go together (open loop)')
  const openLoop = values.rate === undefined ? undefined : { rate: positiveInt('rate', values.rate, 100_000), duration: positiveInt('duration', values.duration!, 3600) }
  const number = (name: string, value: string | undefined, max: number) => {
    if (value === undefined) return undefined
    const parsed = Number(value)
    if (!/^\d+(\.\d+)?$/.test(value) || parsed <= 0 || parsed > max) throw new UsageError(`--${name} must be a number above 0 and at most ${max}, got "${value}"`)
    return parsed
  }
  const thresholds = {
    ...(values['max-p99-ms'] === undefined ? {} : { maxP99Ms: number('max-p99-ms', values['max-p99-ms'], 3_600_000) }),
    ...(values['min-decisions-per-second'] === undefined ? {} : { minDecisionsPerSecond: number('min-decisions-per-second', values['min-decisions-per-second'], 10_000_000) }),
    ...(values['max-error-rate'] === undefined ? {} : { maxErrorRate: number('max-error-rate', values['max-error-rate'], 1) }),
  }
  if (values.follow !== undefined && !['poll', 'sse'].includes(values.follow)) throw new UsageError(`--follow must be poll or sse, got "${values.follow}"`)
  if (values.report !== undefined && !/\.html?$/i.test(values.report)) throw new UsageError(`--report must name an .html file, got "${values.report}"`)
  if (!/^\d+$/.test(values.seed)) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`)
  if (!values['user-prefix'].match(/^[a-z0-9-]{1,40}$/)) {
    throw new UsageError(`--user-prefix may use a-z, 0-9 and -, up to 40 characters, got "${values['user-prefix']}"`)
  }

  const categories = positiveInt('categories', values.categories, 20)
  if (categories > Number(values.tickets)) throw new UsageError(`--categories (${categories}) cannot exceed --tickets (${values.tickets}): each category needs a ticket`)
  const quantity = parseQuantity(values.quantity)
  if (categories > 1 && quantity.max * 3 > 100) throw new UsageError('with --categories, --quantity is per line and at most 33 (a request of 3 lines stays within 100 tickets)')

  return {
    base: bases[0]!,
    ...(bases.length > 1 ? { bookingBase: bases } : {}),
    ...(values.balance === undefined ? {} : { balance: parseBalance(values.balance) }),
    adminEmail: values['admin-email'] ?? env.ADMIN_EMAIL ?? 'admin@example.com',
    adminPassword: values['admin-password'] ?? env.ADMIN_PASSWORD ?? 'admin-password-change-me',
    events: positiveInt('events', values.events, 1_000),
    tickets: positiveInt('tickets', values.tickets),
    categories,
    price,
    limit,
    users: positiveInt('users', values.users, 100_000),
    userPrefix: values['user-prefix'],
    requests: openLoop ? openLoop.rate * openLoop.duration : positiveInt('requests', values.requests),
    quantity,
    concurrency: positiveInt('concurrency', values.concurrency, 10_000),
    seed: Number(values.seed),
    drainTimeout,
    json: values.json,
    progress: values.progress && !values['no-progress'],
    ...(openLoop ? { openLoop } : {}),
    ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}),
    ...(values.report ? { report: values.report } : {}),
    ...(values.follow ? { follow: values.follow as 'poll' | 'sse' } : {}),
  }
}

function parse(argv: string[], env: Record<string, string | undefined>) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      base: { type: 'string', default: `http://localhost:${env.PORT || 3000}` },
      balance: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      events: { type: 'string', default: '1' },
      tickets: { type: 'string', default: '100' },
      categories: { type: 'string', default: '1' },
      price: { type: 'string', default: '50' },
      limit: { type: 'string', default: '4' },
      users: { type: 'string', default: '50' },
      'user-prefix': { type: 'string', default: 'loadtest' },
      requests: { type: 'string', default: '500' },
      quantity: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      'drain-timeout': { type: 'string', default: '120' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      'max-p99-ms': { type: 'string' },
      'min-decisions-per-second': { type: 'string' },
      'max-error-rate': { type: 'string' },
      report: { type: 'string' },
      follow: { type: 'string' },
      json: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: true },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
}
