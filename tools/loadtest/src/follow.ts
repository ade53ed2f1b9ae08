import { performance } from 'node:perf_hooks'
import { bookingStatusEvents, StatusStreamRefused } from '@tickets/client'
import type { Client } from './client.js'

export type FollowMode = 'poll' | 'sse'

/** How a burst's clients learned their outcomes (`--follow`): what it cost and how soon they knew. */
export interface FollowSummary {
  mode: FollowMode
  /** Accepted bookings followed, and those whose outcome the client saw before the drain timeout. */
  followed: number
  seen: number
  /** Requests the following took: GETs when polling, streams opened when streaming (429s included). */
  requests: number
  requests_per_booking: number | null
  /** Answers 429 (too many open streams) met and waited out. */
  refused: number
  /** From the booking request's send to the moment its client saw the outcome. */
  seen_after_ms: { p50: number; p95: number; p99: number } | null
  /** The gateway's CPU (its process_cpu_seconds_total; the first --base) over the burst and the following, per followed booking. */
  gateway_cpu_us_per_booking: number | null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Each client following its own booking to its outcome, the way a real client would: `poll`
 * asks GET /api/bookings/:id again as its Retry-After says; `sse` holds the live status stream
 * (the typed client's bookingStatusEvents) until a status other than `queued` arrives, waiting out
 * a 429 as its Retry-After says. Followers run beside the burst, never in its lanes.
 */
export function createFollower(mode: FollowMode, client: Client, bases: readonly string[], deadlineMs: number) {
  let requests = 0
  let refused = 0
  const seenAfter: number[] = []
  const running: Array<Promise<void>> = []
  let turn = 0

  const poll = async (id: string, token: string, sentAt: number) => {
    while (performance.now() < deadlineMs) {
      requests++
      const res = await client.request('GET', `/api/bookings/${id}`, { token }).catch(() => undefined)
      if (res?.status === 200 && res.body.data.status !== 'queued') {
        seenAfter.push(performance.now() - sentAt)
        return
      }
      const retryAfter = Number(res?.headers['retry-after'] ?? 1)
      await sleep((Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000)
    }
  }

  const stream = async (id: string, token: string, sentAt: number) => {
    const baseUrl = bases[turn++ % bases.length]!
    while (performance.now() < deadlineMs) {
      requests++
      const stop = new AbortController()
      const timer = setTimeout(() => stop.abort(), Math.max(0, deadlineMs - performance.now()))
      try {
        for await (const event of bookingStatusEvents(id, { baseUrl, token, signal: stop.signal })) {
          if (event.booking?.status !== 'queued') {
            seenAfter.push(performance.now() - sentAt)
            return
          }
        }
      } catch (error) {
        if (!(error instanceof StatusStreamRefused)) return
        if (error.status === 429) refused++
        await sleep((error.retryAfter ?? 1) * 1000)
      } finally {
        clearTimeout(timer)
        stop.abort()
      }
    }
  }

  return {
    /** Starts following one accepted booking; `sentAt` is when its request was sent (performance.now()). */
    follow(id: string, token: string, sentAt: number) {
      running.push((mode === 'poll' ? poll : stream)(id, token, sentAt))
    },
    /** Waits for every follower to see its outcome (or give up at the deadline). */
    wait: async () => {
      await Promise.all(running)
    },
    /** What the following cost, given the gateway's CPU seconds over it. */
    summary(gatewayCpuSeconds: number | null): FollowSummary {
      const sorted = [...seenAfter].sort((a, b) => a - b)
      const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!)
      return {
        mode,
        followed: running.length,
        seen: seenAfter.length,
        requests,
        requests_per_booking: running.length > 0 ? Math.round((requests / running.length) * 100) / 100 : null,
        refused,
        seen_after_ms: sorted.length > 0 ? { p50: at(50), p95: at(95), p99: at(99) } : null,
        gateway_cpu_us_per_booking: gatewayCpuSeconds !== null && running.length > 0 ? Math.round((gatewayCpuSeconds * 1e6) / running.length) : null,
      }
    },
  }
}

/** The CPU seconds the gateway behind `client` has used (prom-client's process_cpu_seconds_total); null when it does not say. */
export async function gatewayCpuSeconds(client: Client): Promise<number | null> {
  const res = await client.request('GET', '/metrics').catch(() => undefined)
  const match = res?.status === 200 ? /^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(res.text) : null
  return match ? Number(match[1]) : null
}
