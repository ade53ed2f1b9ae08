import type { createApi } from './api.js'

type Api = ReturnType<typeof createApi>

const TERMINAL = new Set(['pending', 'confirmed', 'rejected', 'cancelled', 'expired'])

/** Polls a booking the way a client does, honouring Retry-After, until it leaves `queued`. */
export async function pollUntilDecided(api: Api, token: string, id: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await api.call('GET', `/api/bookings/${id}`, { token })
    if (res.status !== 200) throw new Error(`poll ${id}: ${res.status} ${res.raw}`)
    if (res.body.data.status !== 'queued') return res.body.data
    if (Date.now() > deadline) throw new Error(`booking ${id} still queued after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

