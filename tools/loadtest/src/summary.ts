import type { LoadtestOptions } from './options.js'

/** A booking as the API lists it; only what the summary reads. */
export interface DecidedBooking {
  id: string
  user_id: string
  event_id: string
  quantity: number
  status: string
  reason: string | null
  created_at: string
}

export interface Accepted {
  id: string
  userId: string
  quantity: number
}

/** What the run measured, before any arithmetic. */
export interface Measurements {
  /** Client wall clock (ms) when the first request was sent. */
  burstStartedAt: number
  burstDurationMs: number
  latenciesMs: number[]
  statusCounts: Record<string, number>
  networkErrors: number
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
}

export interface EventState {
  id: string
  total_tickets: number
  available_tickets: number
  max_tickets_per_user: number | null
}

export interface Check {
  name: string
  ok: boolean
  detail: string
}

export interface Summary {
  config: {
    base: string
    requests: number
    concurrency: number
    users: number
    quantity: string
    events: number
    tickets: number
    price: number
    limit: number | null
    seed: number
  }
  event_ids: string[]
  intake: {
    duration_ms: number
    requests_per_second: number
    latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number }
    status_codes: Record<string, number>
    network_errors: number
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
  /** True when the run should exit 0: invariant holds, no 5xx, no network errors. */
  passed: boolean
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

  return {
    config: {
      base: options.base,
      requests: options.requests,
      concurrency: options.concurrency,
      users: options.users,
      quantity: options.quantity.min === options.quantity.max ? String(options.quantity.min) : `${options.quantity.min}-${options.quantity.max}`,
      events: options.events,
      tickets: options.tickets,
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
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? 0),
        mean: round(mean),
      },
      status_codes: m.statusCounts,
      network_errors: m.networkErrors,
      accepted: m.accepted.length,
      sold_out_answers_per_second: soldOutRate(m.soldOutAnswers),
    },
    processing: {
      time_to_sold_out_ms: soldOutAt === null ? null : round(Math.max(0, soldOutAt - m.burstStartedAt)),
      time_to_drain_ms: timeToDrain === null ? null : round(timeToDrain),
      decided: m.bookings.length,
      sold_out_at_intake: m.soldOutAnswers.length,
      completed_per_second: timeToDrain ? round(m.bookings.length / (timeToDrain / 1000)) : null,
      decisions_per_second: timeToDrain ? round((m.bookings.length + m.soldOutAnswers.length) / (timeToDrain / 1000)) : null,
    },
    outcomes,
    tickets: { total: sum(m.events, (e) => e.total_tickets), available: sum(m.events, (e) => e.available_tickets), held, confirmed },
    invariant: { ok: invariantOk, checks },
    passed: invariantOk && serverErrors === 0 && m.networkErrors === 0,
  }
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
