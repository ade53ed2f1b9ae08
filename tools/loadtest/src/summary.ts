import type { LoadtestOptions } from './options.js'
import type { FollowSummary } from './follow.js'

/** A booking as the API lists it; only what the summary reads. */
export interface DecidedBooking {
  id: string
  user_id: string
  event_id: string
  quantity: number
  status: string
  reason: string | null
  created_at: string
  /** Its lines (absent from a server that has none, the bench's baselines). */
  items?: Array<{ category_id: string; quantity: number }>
}

export interface Accepted {
  id: string
  userId: string
  quantity: number
}

/** A booking request that got no answer: what the client saw, where it went, when. */
export interface UnansweredRequest {
  /** undici's error code (UND_ERR_SOCKET: the connection closed under it, by a gateway after 60 s of silence among others; UND_ERR_HEADERS_TIMEOUT: no answer within 90 s), else the error's name. */
  kind: string
  /** The server (origin) it was sent to, when known. */
  server: string | null
  /** When it was due, from the burst start. */
  sent_at_ms: number
  /** How long it waited before failing. */
  waited_ms: number
}

/** The unanswered requests a summary lists one by one; the rest are only counted by kind. */
const UNANSWERED_LISTED = 10

/** What the run measured, before any arithmetic. */
export interface Measurements {
  /** Client wall clock (ms) when the first request was sent. */
  burstStartedAt: number
  burstDurationMs: number
  latenciesMs: number[]
  statusCounts: Record<string, number>
  networkErrors: number
  /** Each request without an answer (networkErrors of them, when recorded). */
  unanswered?: UnansweredRequest[]
  accepted: Accepted[]
  /** Client wall clock (ms) of each 409 SOLD_OUT answered at intake (nothing was queued for it). */
  soldOutAnswers: number[]
  bookings: DecidedBooking[]
  /** Every event of the burst, as read back after it. */
  events: EventState[]
  /** Server clock minus client clock (ms), estimated when the event was created. */
  clockOffsetMs: number
  /** False when --drain-timeout ran out with bookings still undecided. */
  drained: boolean
  /** Each request: when it was due (ms from the burst start), its status (0: no answer), its latency. */
  requests?: Array<{ at: number; status: number; latency: number }>
  /** Bookings waiting in the queue over the run (ms from the burst start), when the gateway exports it. */
  queueDepth?: Array<{ at: number; waiting: number }>
}

/** Upper bounds (ms) of the latency histogram's buckets; the last one counts everything above. */
const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]

/** One second of the run, for the report's charts. */
interface SecondOfRun {
  /** Seconds from the burst start. */
  second: number
  sent: number
  /** Answers by status ("0": no answer). */
  answers: Record<string, number>
  /** Requests given their outcome this second: bookings decided plus 409 SOLD_OUT at intake. */
  decisions: number
  latency_ms: { p50: number; p95: number; p99: number } | null
  /** Bookings waiting in the queue (the last sample of the second), when known. */
  queue_waiting: number | null
}

interface EventState {
  id: string
  total_tickets: number
  available_tickets: number
  max_tickets_per_user: number | null
  /** Absent from a server without categories. */
  categories?: Array<{ id: string; capacity: number; available: number }>
}

export interface Check {
  name: string
  ok: boolean
  detail: string
}

export interface Summary {
  config: {
    base: string
    /** closed: --requests at --concurrency; open: --rate for --duration. */
    mode: 'closed' | 'open'
    rate: number | null
    duration_s: number | null
    requests: number
    concurrency: number
    users: number
    quantity: string
    events: number
    tickets: number
    /** Ticket categories per event (1: the single-pool form). */
    categories: number
    price: number
    limit: number | null
    seed: number
  }
  event_ids: string[]
  intake: {
    duration_ms: number
    requests_per_second: number
    latency_ms: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number }
    /** Requests per latency bucket: `le` is the bucket's upper bound in ms (null: above the last). */
    latency_histogram: Array<{ le: number | null; count: number }>
    status_codes: Record<string, number>
    network_errors: number
    /** Requests without an answer by kind, and the first few of them (only when there were any). */
    unanswered?: { kinds: Record<string, number>; first: UnansweredRequest[] }
    accepted: number
    /** 409 SOLD_OUT answers at intake per second, from the first to the last of them (null below two). */
    sold_out_answers_per_second: number | null
  }
  processing: {
    /** From the first request to the decision that took the last ticket (of every event); null if tickets remain. */
    time_to_sold_out_ms: number | null
    /** From the first request to the last decision (a booking decided, or a 409 SOLD_OUT at intake). */
    time_to_drain_ms: number | null
    /** Bookings decided by the worker (rows). */
    decided: number
    /** Requests answered 409 SOLD_OUT at intake, decided without a booking. */
    sold_out_at_intake: number
    /** Bookings decided by the worker per second over the time to drain. */
    completed_per_second: number | null
    /** Every request given its outcome (booking decided or sold out at intake) per second over the time to drain. */
    decisions_per_second: number | null
  }
  outcomes: Record<string, { bookings: number; tickets: number }>
  /** Summed over the burst's events. */
  tickets: { total: number; available: number; held: number; confirmed: number }
  invariant: { ok: boolean; checks: Check[] }
  /** The --max-p99-ms / --min-decisions-per-second / --max-error-rate checks asked for. */
  thresholds: Check[]
  /** The run second by second (empty without per-request measurements). */
  series: SecondOfRun[]
  /** True when the run should exit 0: invariant holds, no 5xx, no network errors, thresholds met. */
  passed: boolean
  /** With --follow: how the clients learned their outcomes. */
  follow?: FollowSummary
}

const ACTIVE = new Set(['pending', 'confirmed'])
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/** Nearest-rank percentile of an ascending list; 0 for an empty one. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function summarize(options: LoadtestOptions, m: Measurements): Summary {
  const latencies = [...m.latenciesMs].sort((a, b) => a - b)
  const mean = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)

  // Decision times on the client's clock, in the order the worker committed them.
  const decided = [...m.bookings]
    .map((booking) => ({ booking, at: Date.parse(booking.created_at) - m.clockOffsetMs }))
    .sort((a, b) => a.at - b.at || a.booking.id.localeCompare(b.booking.id))

  // Sold out once every event has sold its last ticket.
  const remaining = new Map(m.events.map((event) => [event.id, event.total_tickets]))
  let unsold = m.events.length
  let soldOutAt: number | null = null
  for (const { booking, at } of decided) {
    if (!ACTIVE.has(booking.status) || !remaining.has(booking.event_id)) continue
    const left = remaining.get(booking.event_id)! - booking.quantity
    remaining.set(booking.event_id, left)
    if (left <= 0 && left + booking.quantity > 0 && --unsold === 0) soldOutAt = at
  }
  const lastDecision = Math.max(decided.at(-1)?.at ?? -Infinity, ...m.soldOutAnswers)
  const timeToDrain = m.drained && Number.isFinite(lastDecision) ? Math.max(0, lastDecision - m.burstStartedAt) : null

  const outcomes: Summary['outcomes'] = {}
  let held = 0
  let confirmed = 0
  for (const booking of m.bookings) {
    const key = booking.status === 'rejected' ? `rejected:${booking.reason}` : booking.status
    const entry = (outcomes[key] ??= { bookings: 0, tickets: 0 })
    entry.bookings += 1
    entry.tickets += booking.quantity
    if (booking.status === 'pending') held += booking.quantity
    if (booking.status === 'confirmed') confirmed += booking.quantity
  }

  // Intake only (the bench's ceiling): nothing is decided, so there is no invariant to check.
  const checks = options.intakeOnly ? [] : invariantChecks(m, held, confirmed)
  const invariantOk = checks.every((check) => check.ok)
  const serverErrors = Object.entries(m.statusCounts)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0)

  const p99 = round(percentile(latencies, 99))
  const decisionsPerSecond = timeToDrain ? round((m.bookings.length + m.soldOutAnswers.length) / (timeToDrain / 1000)) : null
  const total = m.latenciesMs.length + m.networkErrors
  const errorRate = total > 0 ? (serverErrors + m.networkErrors) / total : 0
  const thresholds = thresholdChecks(options, { p99, decisionsPerSecond, errorRate })

  return {
    config: {
      base: options.base,
      mode: options.openLoop ? 'open' : 'closed',
      rate: options.openLoop?.rate ?? null,
      duration_s: options.openLoop?.duration ?? null,
      requests: options.requests,
      concurrency: options.concurrency,
      users: options.users,
      quantity: options.quantity.min === options.quantity.max ? String(options.quantity.min) : `${options.quantity.min}-${options.quantity.max}`,
      events: options.events,
      tickets: options.tickets,
      categories: options.categories,
      price: options.price,
      limit: options.limit,
      seed: options.seed,
    },
    event_ids: m.events.map((event) => event.id),
    intake: {
      duration_ms: round(m.burstDurationMs),
      requests_per_second: round((m.latenciesMs.length + m.networkErrors) / (m.burstDurationMs / 1000)),
      latency_ms: {
        p50: round(percentile(latencies, 50)),
        p90: round(percentile(latencies, 90)),
        p95: round(percentile(latencies, 95)),
        p99,
        max: round(latencies.at(-1) ?? 0),
        mean: round(mean),
      },
      latency_histogram: histogram(latencies),
      status_codes: m.statusCounts,
      network_errors: m.networkErrors,
      ...(m.unanswered && m.unanswered.length > 0 ? { unanswered: unansweredSummary(m.unanswered) } : {}),
      accepted: m.accepted.length,
      sold_out_answers_per_second: soldOutRate(m.soldOutAnswers),
    },
    processing: {
      time_to_sold_out_ms: soldOutAt === null ? null : round(Math.max(0, soldOutAt - m.burstStartedAt)),
      time_to_drain_ms: timeToDrain === null ? null : round(timeToDrain),
      decided: m.bookings.length,
      sold_out_at_intake: m.soldOutAnswers.length,
      completed_per_second: timeToDrain ? round(m.bookings.length / (timeToDrain / 1000)) : null,
      decisions_per_second: decisionsPerSecond,
    },
    outcomes,
    tickets: { total: sum(m.events, (e) => e.total_tickets), available: sum(m.events, (e) => e.available_tickets), held, confirmed },
    invariant: { ok: invariantOk, checks },
    thresholds,
    series: secondBySecond(m, decided.map((d) => d.at)),
    passed: invariantOk && serverErrors === 0 && m.networkErrors === 0 && thresholds.every((check) => check.ok),
  }
}

function thresholdChecks(options: LoadtestOptions, got: { p99: number; decisionsPerSecond: number | null; errorRate: number }): Check[] {
  const t = options.thresholds ?? {}
  const checks: Check[] = []
  if (t.maxP99Ms !== undefined) checks.push({ name: 'intake p99', ok: got.p99 <= t.maxP99Ms, detail: `${got.p99} ms (at most ${t.maxP99Ms})` })
  if (t.minDecisionsPerSecond !== undefined) {
    const value = got.decisionsPerSecond ?? 0
    checks.push({ name: 'decisions per second', ok: value >= t.minDecisionsPerSecond, detail: `${value} (at least ${t.minDecisionsPerSecond})` })
  }
  if (t.maxErrorRate !== undefined) {
    checks.push({ name: 'error rate', ok: got.errorRate <= t.maxErrorRate, detail: `${round(got.errorRate * 100, 2)} % 5xx or no answer (at most ${t.maxErrorRate * 100} %)` })
  }
  return checks
}

function histogram(sorted: number[]): Summary['intake']['latency_histogram'] {
  const counts = LATENCY_BUCKETS_MS.map((le) => ({ le: le as number | null, count: 0 }))
  counts.push({ le: null, count: 0 })
  let bucket = 0
  for (const value of sorted) {
    while (bucket < LATENCY_BUCKETS_MS.length && value > LATENCY_BUCKETS_MS[bucket]!) bucket++
    counts[bucket]!.count++
  }
  return counts
}

/** Requests, answers, decisions, latency percentiles and queue depth per second of the run. */
function secondBySecond(m: Measurements, decidedAt: number[]): SecondOfRun[] {
  if (!m.requests || m.requests.length === 0) return []
  const seconds = new Map<number, { sent: number; answers: Record<string, number>; decisions: number; latencies: number[]; queue: number | null }>()
  const at = (second: number) => {
    let entry = seconds.get(second)
    if (!entry) seconds.set(second, (entry = { sent: 0, answers: {}, decisions: 0, latencies: [], queue: null }))
    return entry
  }
  for (const request of m.requests) {
    const entry = at(Math.floor(request.at / 1000))
    entry.sent++
    entry.answers[request.status] = (entry.answers[request.status] ?? 0) + 1
    entry.latencies.push(request.latency)
  }
  for (const time of [...decidedAt, ...m.soldOutAnswers]) at(Math.max(0, Math.floor((time - m.burstStartedAt) / 1000))).decisions++
  for (const sample of m.queueDepth ?? []) at(Math.floor(sample.at / 1000)).queue = sample.waiting
  const last = Math.max(...seconds.keys())
  return Array.from({ length: last + 1 }, (_, second) => {
    const entry = seconds.get(second)
    const sorted = [...(entry?.latencies ?? [])].sort((a, b) => a - b)
    return {
      second,
      sent: entry?.sent ?? 0,
      answers: entry?.answers ?? {},
      decisions: entry?.decisions ?? 0,
      latency_ms: sorted.length > 0 ? { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)) } : null,
      queue_waiting: entry?.queue ?? null,
    }
  })
}

function soldOutRate(answers: number[]): number | null {
  if (answers.length < 2) return null
  const span = Math.max(...answers) - Math.min(...answers)
  return span > 0 ? round(answers.length / (span / 1000)) : null
}

const sum = <T>(items: readonly T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0)

function invariantChecks(m: Measurements, held: number, confirmed: number): Check[] {
  const found = new Set(m.bookings.map((booking) => booking.id))
  const undecided = m.accepted.filter((booking) => !found.has(booking.id)).length
  const queued = m.bookings.filter((booking) => booking.status === 'queued').length
  const duplicates = m.bookings.length - found.size
  const acceptedIds = new Set(m.accepted.map((booking) => booking.id))
  const unknown = m.bookings.filter((booking) => !acceptedIds.has(booking.id)).length

  // Per event: what its bookings hold against what its row says is left.
  const holding = new Map<string, number>()
  const perUser = new Map<string, number>()
  for (const booking of m.bookings) {
    if (!ACTIVE.has(booking.status)) continue
    holding.set(booking.event_id, (holding.get(booking.event_id) ?? 0) + booking.quantity)
    const key = `${booking.event_id} ${booking.user_id}`
    perUser.set(key, (perUser.get(key) ?? 0) + booking.quantity)
  }
  const unbalanced = m.events.filter((event) => (holding.get(event.id) ?? 0) + event.available_tickets !== event.total_tickets)
  const negative = m.events.filter((event) => event.available_tickets < 0)
  // Per category: what the lines of active bookings hold against what the category says is left.
  const lineHolding = new Map<string, number>()
  for (const booking of m.bookings) {
    if (!ACTIVE.has(booking.status)) continue
    for (const line of booking.items ?? []) lineHolding.set(line.category_id, (lineHolding.get(line.category_id) ?? 0) + line.quantity)
  }
  const categories = m.events.flatMap((event) => event.categories ?? [])
  const offCategories = categories.filter((category) => (lineHolding.get(category.id) ?? 0) + category.available !== category.capacity || category.available < 0)
  const total = sum(m.events, (e) => e.total_tickets)
  const available = sum(m.events, (e) => e.available_tickets)
  const limitOf = new Map(m.events.map((event) => [event.id, event.max_tickets_per_user]))
  let most = 0
  let over = 0
  for (const [key, tickets] of perUser) {
    const limit = limitOf.get(key.split(' ')[0]!)
    most = Math.max(most, tickets)
    if (limit != null && tickets > limit) over += 1
  }
  const limits = [...new Set(m.events.map((event) => event.max_tickets_per_user))]
  const ofEvents = m.events.length > 1 ? ` (${unbalanced.length} of ${m.events.length} events off)` : ''

  return [
    {
      name: 'held + confirmed + available == total',
      ok: unbalanced.length === 0,
      detail: `${held} + ${confirmed} + ${available} ${held + confirmed + available === total ? '==' : '!='} ${total}${ofEvents}`,
    },
    { name: 'available >= 0', ok: negative.length === 0, detail: `available ${available}${negative.length ? `, ${negative.length} events below 0` : ''}` },
    {
      name: 'per category: held + available == capacity, available >= 0',
      ok: offCategories.length === 0,
      detail: `${categories.length - offCategories.length}/${categories.length} categories balanced`,
    },
    {
      name: 'every accepted booking decided, none queued',
      ok: undecided === 0 && queued === 0 && m.drained,
      detail: `${m.accepted.length - undecided}/${m.accepted.length} decided, ${queued} queued`,
    },
    {
      name: 'each booking exactly once',
      ok: duplicates === 0 && unknown === 0,
      detail: `${duplicates} duplicated, ${unknown} not from this burst`,
    },
    {
      name: 'no user above the per-user limit',
      ok: over === 0,
      detail: limits.every((limit) => limit === null) ? 'no limit set' : `most tickets held by one user for one event: ${most} (limit ${limits.join(', ')})`,
    },
  ]
}

/** Unanswered requests counted by kind, the first few (by send time) listed. */
export function unansweredSummary(unanswered: readonly UnansweredRequest[]): { kinds: Record<string, number>; first: UnansweredRequest[] } {
  const kinds: Record<string, number> = {}
  for (const one of unanswered) kinds[one.kind] = (kinds[one.kind] ?? 0) + 1
  return { kinds, first: [...unanswered].sort((a, b) => a.sent_at_ms - b.sent_at_ms).slice(0, UNANSWERED_LISTED) }
}
