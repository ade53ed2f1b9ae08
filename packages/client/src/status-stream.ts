import type { components, paths } from './schema.js'

type Booking = components['schemas']['Booking']

/** The live status route, named through the generated paths: a document without it fails to compile here. */
const ROUTE = '/api/bookings/{id}/events' satisfies keyof paths

export type StatusEvent = { event: 'status'; id: string; booking: Booking } | { event: 'deleted'; id?: undefined; booking?: undefined }

export interface StatusStreamOptions {
  baseUrl: string
  token: string
  /** The last status seen (a reconnect): the server sends only a newer one. */
  lastEventId?: string
  signal?: AbortSignal
  fetch?: typeof globalThis.fetch
}

/** The stream could not be opened: the API's answer (404, 429 with `retryAfter`, 503...). */
export class StatusStreamRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    /** Seconds the server asked to wait (429, 503), if it said. */
    readonly retryAfter: number | undefined,
  ) {
    super(`the status stream answered ${status}${code ? ` ${code}` : ''}`)
    this.name = 'StatusStreamRefused'
  }
}

/**
 * A booking's status as it changes (GET /api/bookings/{id}/events, Server-Sent Events): yields a
 * `status` event with the booking at once and at each change, and a `deleted` event if it is
 * deleted; ends when the server ends the stream (a final status) or `signal` aborts. Reconnecting
 * is the caller's choice: pass the last event's `id` as `lastEventId`.
 *
 *   for await (const { booking } of bookingStatusEvents(id, { baseUrl, token })) {
 *     if (booking && booking.status !== 'queued') break
 *   }
 */
export async function* bookingStatusEvents(bookingId: string, { baseUrl, token, lastEventId, signal, fetch = globalThis.fetch }: StatusStreamOptions): AsyncGenerator<StatusEvent> {
  const url = baseUrl.replace(/\/$/, '') + ROUTE.replace('{id}', encodeURIComponent(bookingId))
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    ...(signal ? { signal } : {}),
  })
  if (res.status !== 200 || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { code?: string }
    const retryAfter = res.headers.get('retry-after')
    throw new StatusStreamRefused(res.status, body.code, retryAfter === null ? undefined : Number(retryAfter))
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  try {
    while (true) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields: Record<string, string> = {}
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue
          const colon = line.indexOf(':')
          const field = colon < 0 ? line : line.slice(0, colon)
          fields[field] = (fields[field] !== undefined && field === 'data' ? `${fields[field]}\n` : '') + (colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, ''))
        }
        if (fields.event === 'status' && fields.data !== undefined) yield { event: 'status', id: fields.id ?? '', booking: JSON.parse(fields.data) as Booking }
        else if (fields.event === 'deleted') yield { event: 'deleted' }
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}
