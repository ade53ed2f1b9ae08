import { describe, expect, it } from 'vitest'
import { parseOptions } from '../src/options.js'
import { percentile, summarize, type Measurements, type UnansweredRequest } from '../src/summary.js'
import { describeUnanswered } from '../src/format.js'

const options = parseOptions(['--tickets', '10', '--limit', '4', '--requests', '4'], {})!
const at = (ms: number) => new Date(1_000_000 + ms).toISOString()

/** Four requests on a 10-ticket event: two holds of 4 and 2, one sold out, one over the limit. */
function measurements(overrides: Partial<Measurements> = {}): Measurements {
  return {
    burstStartedAt: 1_000_000,
    burstDurationMs: 200,
    latenciesMs: [10, 20, 30, 40],
    statusCounts: { 202: 4 },
    networkErrors: 0,
    accepted: [
      { id: 'a', userId: 'u1', quantity: 4 },
      { id: 'b', userId: 'u2', quantity: 2 },
      { id: 'c', userId: 'u3', quantity: 4 },
      { id: 'd', userId: 'u1', quantity: 1 },
    ],
    soldOutAnswers: [],
    bookings: [
      { id: 'a', user_id: 'u1', event_id: 'e', quantity: 4, status: 'pending', reason: null, created_at: at(100) },
      { id: 'b', user_id: 'u2', event_id: 'e', quantity: 2, status: 'confirmed', reason: null, created_at: at(150) },
      { id: 'c', user_id: 'u3', event_id: 'e', quantity: 4, status: 'pending', reason: null, created_at: at(300) },
      { id: 'd', user_id: 'u1', event_id: 'e', quantity: 1, status: 'rejected', reason: 'LIMIT_EXCEEDED', created_at: at(400) },
    ],
    events: [{ id: 'e', total_tickets: 10, available_tickets: 0, max_tickets_per_user: 4 }],
    clockOffsetMs: 0,
    drained: true,
    ...overrides,
  }
}

describe('loadtest summary', () => {
  it('reports intake, timings, outcomes and a passing invariant', () => {
    const summary = summarize(options, measurements())
    expect(summary.intake).toMatchObject({ requests_per_second: 20, accepted: 4, latency_ms: { p50: 20, p90: 40, p99: 40, max: 40, mean: 25 } })
    expect(summary.processing).toEqual({
      time_to_sold_out_ms: 300,
      time_to_drain_ms: 400,
      decided: 4,
      sold_out_at_intake: 0,
      completed_per_second: 10,
      decisions_per_second: 10,
    })
    expect(summary.outcomes).toEqual({
      pending: { bookings: 2, tickets: 8 },
      confirmed: { bookings: 1, tickets: 2 },
      'rejected:LIMIT_EXCEEDED': { bookings: 1, tickets: 1 },
    })
    expect(summary.tickets).toEqual({ total: 10, available: 0, held: 8, confirmed: 2 })
    expect(summary.invariant.ok).toBe(true)
    expect(summary.passed).toBe(true)
  })

  it('counts 409 SOLD_OUT answers at intake as decisions, and the last of them in the time to drain', () => {
    const summary = summarize(options, measurements({ soldOutAnswers: [1_000_450, 1_000_500], statusCounts: { 202: 4, 409: 2 } }))
    expect(summary.processing).toMatchObject({ decided: 4, sold_out_at_intake: 2, time_to_drain_ms: 500, completed_per_second: 8, decisions_per_second: 12 })
    expect(summary.passed).toBe(true)
  })

  it('places server decision times on the client clock', () => {
    const summary = summarize(options, measurements({ clockOffsetMs: 50 }))
    expect(summary.processing.time_to_drain_ms).toBe(350)
  })

  it('fails when tickets were oversold', () => {
    const summary = summarize(options, measurements({ events: [{ id: 'e', total_tickets: 10, available_tickets: -1, max_tickets_per_user: 4 }] }))
    expect(summary.invariant.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      'held + confirmed + available == total',
      'available >= 0',
    ])
    expect(summary.passed).toBe(false)
  })

  it('fails when an accepted booking was never decided', () => {
    const m = measurements()
    const summary = summarize(options, { ...m, bookings: m.bookings.slice(0, 3), drained: false })
    expect(summary.invariant.checks.find((check) => check.name.startsWith('every accepted'))).toMatchObject({ ok: false, detail: '3/4 decided, 0 queued' })
    expect(summary.processing.time_to_drain_ms).toBeNull()
    expect(summary.passed).toBe(false)
  })

  it('fails when a user holds more than the limit', () => {
    const m = measurements()
    const bookings = m.bookings.map((booking) => (booking.id === 'd' ? { ...booking, status: 'pending', reason: null } : booking))
    const summary = summarize(options, { ...m, bookings, events: [{ ...m.events[0]!, available_tickets: -1 }] })
    expect(summary.invariant.checks.find((check) => check.name.startsWith('no user'))).toMatchObject({ ok: false })
  })

  it('fails on a booking listed twice', () => {
    const m = measurements()
    const summary = summarize(options, { ...m, bookings: [...m.bookings, m.bookings[0]!] })
    expect(summary.invariant.checks.find((check) => check.name === 'each booking exactly once')).toMatchObject({ ok: false })
  })

  it('does not pass with a 5xx or a network error, even when the invariant holds', () => {
    expect(summarize(options, measurements({ statusCounts: { 202: 3, 503: 1 } })).passed).toBe(false)
    expect(summarize(options, measurements({ networkErrors: 1 })).passed).toBe(false)
  })

  it('says what each request without an answer met, where it went and when: counted by kind, the first ten listed in sending order', () => {
    expect(summarize(options, measurements({ unanswered: [] })).intake.unanswered).toBeUndefined()
    const unanswered: UnansweredRequest[] = [
      ...Array.from({ length: 11 }, (_, i) => ({ kind: 'UND_ERR_HEADERS_TIMEOUT', server: 'http://127.0.0.1:3001', sent_at_ms: 5_000 - i, waited_ms: 60_000 })),
      { kind: 'UND_ERR_SOCKET', server: 'http://127.0.0.1:3002', sent_at_ms: 10, waited_ms: 3 },
    ]
    const { intake } = summarize(options, measurements({ networkErrors: 12, unanswered }))
    expect(intake.network_errors).toBe(12)
    expect(intake.unanswered!.kinds).toEqual({ UND_ERR_HEADERS_TIMEOUT: 11, UND_ERR_SOCKET: 1 })
    expect(intake.unanswered!.first).toHaveLength(10)
    expect(intake.unanswered!.first[0]).toEqual({ kind: 'UND_ERR_SOCKET', server: 'http://127.0.0.1:3002', sent_at_ms: 10, waited_ms: 3 })
    expect(intake.unanswered!.first[1]!.sent_at_ms).toBe(4_990)
    expect(describeUnanswered(intake.unanswered!)).toMatch(/^11 UND_ERR_HEADERS_TIMEOUT, 1 UND_ERR_SOCKET; first: http:\/\/127\.0\.0\.1:3002 sent at 0\.0 s, failed after 0\.0 s; http:\/\/127\.0\.0\.1:3001 sent at 5\.0 s, failed after 60\.0 s/)
  })

  it('has no sold-out time while tickets remain', () => {
    const m = measurements()
    const summary = summarize(options, { ...m, bookings: m.bookings.slice(0, 2), accepted: m.accepted.slice(0, 2), events: [{ ...m.events[0]!, available_tickets: 4 }] })
    expect(summary.processing.time_to_sold_out_ms).toBeNull()
    expect(summary.invariant.ok).toBe(true)
  })

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([percentile(values, 50), percentile(values, 90), percentile(values, 99), percentile([], 50)]).toEqual([50, 90, 99, 0])
  })
})
