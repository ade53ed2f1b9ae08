import { performance } from 'node:perf_hooks'
import { bearer, createTicketsClient, type TicketsClient } from '@tickets/client'
import { createClient, RequestError, type Client } from './client.js'
import type { LoadtestOptions } from './options.js'
import { createRandom } from '@tickets/testing/random'
import { summarize, type Accepted, type DecidedBooking, type Measurements, type Summary, type UnansweredRequest } from './summary.js'
import { createFollower, gatewayCpuSeconds } from './follow.js'

export interface Progress {
  phase: 'users' | 'burst' | 'drain'
  done: number
  total: number
  /** Status code counts so far (burst), or bookings decided (drain). */
  statusCounts?: Record<string, number>
  elapsedMs: number
}

export interface RunHooks {
  onProgress?: (progress: Progress) => void
  /** The burst is about to start (users signed in, connections open): a CPU reading starts here. */
  onBurstStart?: () => void | Promise<void>
  /** Every accepted booking has its outcome (before they are read back): the reading ends here. */
  onDecided?: () => void | Promise<void>
}

/** The run could not get to the burst (gateway down, wrong admin password, ...). */
export class LoadtestError extends Error {}

const USER_PASSWORD = 'loadtest-password-1'
const PAGE = 100

/** Runs `items` through `task` with at most `concurrency` at once. */
async function eachLimited<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane))
}

/** An answer of the typed client as { status, body }: the data, or the error envelope. */
const answer = <T, E>(res: { response: globalThis.Response; data?: T; error?: E }) => ({ status: res.response.status, body: (res.data ?? res.error) as any })

const expectStatus = (what: string, res: { status: number; body: any }, ...ok: number[]) => {
  if (!ok.includes(res.status)) {
    throw new LoadtestError(`${what} answered ${res.status}: ${res.body?.message ?? JSON.stringify(res.body)}`)
  }
}

/**
 * One load test: an event, U users, R booking requests at concurrency C, then waiting for every
 * accepted booking to be decided. Returns the summary; never exits the process.
 */
export async function runLoadtest(options: LoadtestOptions, hooks: RunHooks = {}): Promise<Summary> {
  const client = createClient(options.base, options.concurrency)
  const bookingClient = options.bookingBase ? createClient(options.bookingBase, options.concurrency, { balance: options.balance }) : client
  // Set-up (sign-ins, events, users) goes through the client generated from docs/openapi.json, so
  // every run exercises the document; the burst and the drain use the pooled raw client, whose
  // cost per request is what the measurements assume.
  const typed = createTicketsClient({ baseUrl: options.base.replace(/\/$/, '') })
  try {
    return await run(client, bookingClient, typed, options, hooks)
  } finally {
    await client.close()
    if (bookingClient !== client) await bookingClient.close()
  }
}

/**
 * The id of the booking a POST /api/bookings answer names: 202 (queued), or, from a server that
 * decides at once (a synchronous baseline, or `Prefer: wait`), 201 with the booking or 409 with
 * the reason and `errors.booking_id`. Anything else accepted nothing.
 */
function acceptedId(res: { status: number; body: any }): string | undefined {
  if (res.status === 202 || res.status === 201) return res.body?.data?.id
  if (res.status === 409) return res.body?.errors?.booking_id
  return undefined
}

async function run(client: Client, bookingClient: Client, typed: TicketsClient, options: LoadtestOptions, { onProgress, onBurstStart, onDecided }: RunHooks): Promise<Summary> {
  const started = performance.now()
  const report = (progress: Omit<Progress, 'elapsedMs'>) => onProgress?.({ ...progress, elapsedMs: performance.now() - started })

  let admin
  try {
    admin = answer(await typed.POST('/api/auth/login', { body: { email: options.adminEmail, password: options.adminPassword } }))
  } catch (error) {
    throw new LoadtestError(`cannot reach the gateway at ${options.base}: ${(error as Error).message}`)
  }
  expectStatus('admin login', admin, 200)
  const adminToken: string = admin.body.data.token

  // The server's clock is read from the first event's created_at, to place decisions on our timeline.
  const eventIds: string[] = []
  /** Each event's category ids, in order (with --categories). */
  const categoryIds: string[][] = []
  let clockOffsetMs = 0
  for (let i = 0; i < options.events; i++) {
    const sentAt = Date.now()
    const created = answer(await typed.POST('/api/events', {
      headers: bearer(adminToken),
      body: {
        name: `Load test ${new Date().toISOString()}${options.events > 1 ? ` #${i + 1}` : ''}`,
        description: `pnpm loadtest: ${options.requests} requests at concurrency ${options.concurrency}`,
        location: 'Load test hall',
        event_date: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        ...(options.categories > 1
          ? { categories: splitTickets(options.tickets, options.categories).map((capacity, c) => ({ name: `Category ${c + 1}`, price: options.price, capacity })) }
          : { ticket_price: options.price, total_tickets: options.tickets }),
        max_tickets_per_user: options.limit,
      },
    }))
    const receivedAt = Date.now()
    expectStatus('creating the event', created, 201)
    eventIds.push(created.body.data.id)
    categoryIds.push(created.body.data.categories.map((category: { id: string }) => category.id))
    if (i === 0) clockOffsetMs = Date.parse(created.body.data.created_at) - (sentAt + receivedAt) / 2
  }

  const tokens = await signInUsers(typed, options, adminToken, (done) => report({ phase: 'users', done, total: options.users }))

  // The plan is drawn before the burst so that drawing costs nothing inside it.
  const random = createRandom(options.seed)
  const { min, max } = options.quantity
  const draw = () => min + Math.floor(random() * (max - min + 1))
  const plan = Array.from({ length: options.requests }, () => {
    const user = Math.floor(random() * options.users)
    const quantity = draw()
    // Drawn only with several events, so a one-event burst is the same for a seed as it always was.
    const event = options.events > 1 ? Math.floor(random() * options.events) : 0
    // With categories: 1..3 distinct ones, the first line `quantity` tickets, each other its own draw.
    const lines = options.categories > 1 ? pickDistinct(random, options.categories, 1 + Math.floor(random() * Math.min(3, options.categories))).map((c, i) => ({ category: c, quantity: i === 0 ? quantity : draw() })) : null
    return { user, quantity: lines ? lines.reduce((total, line) => total + line.quantity, 0) : quantity, event, lines }
  })

  const latenciesMs: number[] = []
  /** Every request on the run's timeline (ms from the burst start): when it was due, its answer, its latency. */
  const requests: Measurements['requests'] = []
  const statusCounts: Record<string, number> = {}
  const accepted: Accepted[] = []
  const soldOutAnswers: number[] = []
  const unanswered: UnansweredRequest[] = []
  let sent = 0
  const ticker = setInterval(() => report({ phase: 'burst', done: sent, total: options.requests, statusCounts }), 250)

  // Every connection of the pool is opened before the clock starts: a burst of fresh TCP
  // connections at once can overflow the server's accept queue while its event loop is busy, and
  // a dropped SYN is retried only after a second. That measures the kernel, not the booking path.
  await Promise.all(Array.from({ length: options.concurrency }, () => bookingClient.request('GET', '/health/live')))

  // --follow: each client follows its own booking beside the burst; the gateway's CPU is read around it.
  const bookingBases = typeof options.bookingBase === 'string' ? [options.bookingBase] : (options.bookingBase ?? [options.base])
  const follower = options.follow ? createFollower(options.follow, bookingClient, bookingBases, performance.now() + options.drainTimeout * 1000) : undefined
  const cpuBefore = follower ? await gatewayCpuSeconds(client) : null

  // Every booking in the system before the burst: the drain's cheap first check (see drain()).
  const bookingsBefore = await countBookings(client, adminToken)
  await onBurstStart?.()
  const burstStartedAt = Date.now()
  const burstStart = performance.now()
  // Only for the report: a /metrics read every half second is load the measurement should not carry.
  const queueDepth = options.report ? sampleQueueDepth(client, burstStart) : { stop: async () => [] }
  /** One request, its latency counted from `due` (the planned send time in open loop, else now). */
  const send = async ({ user, quantity, event, lines }: (typeof plan)[number], due: number) => {
      const t0 = due
      const body = lines
        ? { event_id: eventIds[event]!, items: lines.map((line) => ({ category_id: categoryIds[event]![line.category]!, quantity: line.quantity })) }
        : { event_id: eventIds[event]!, quantity }
      try {
        const res = await bookingClient.request('POST', '/api/bookings', { token: tokens[user]!.token, body })
        const latency = performance.now() - t0
        latenciesMs.push(latency)
        requests.push({ at: t0 - burstStart, status: res.status, latency })
        statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1
        const id = acceptedId(res)
        if (id) accepted.push({ id, userId: tokens[user]!.id, quantity })
        // Queued: its client now follows it (a 201 or 409 told it the outcome already).
        if (id && res.status === 202) follower?.follow(id, tokens[user]!.token, t0)
        // Refused at intake: the platform knew the event was sold out and queued nothing.
        else if (res.status === 409 && res.body?.code === 'SOLD_OUT') soldOutAnswers.push(Date.now())
      } catch (error) {
        unanswered.push({
          kind: error instanceof RequestError ? error.kind : (error as Error).name,
          server: error instanceof RequestError ? error.origin : null,
          sent_at_ms: Math.round(t0 - burstStart),
          waited_ms: Math.round(performance.now() - t0),
        })
        requests.push({ at: t0 - burstStart, status: 0, latency: performance.now() - t0 })
      }
      sent += 1
  }
  try {
    if (options.openLoop) {
      // Open loop: request i is due at i / rate seconds, sent then whatever came back before it.
      const interval = 1000 / options.openLoop.rate
      const inFlight: Promise<void>[] = []
      for (let i = 0; i < plan.length; i++) {
        const due = burstStart + i * interval
        const wait = due - performance.now()
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
        inFlight.push(send(plan[i]!, due))
      }
      await Promise.all(inFlight)
    } else {
      await eachLimited(plan, options.concurrency, (step) => send(step, performance.now()))
    }
  } finally {
    clearInterval(ticker)
  }
  const burstDurationMs = performance.now() - burstStart
  report({ phase: 'burst', done: sent, total: options.requests, statusCounts })
  const cpuAfter = follower ? (await follower.wait(), await gatewayCpuSeconds(client)) : null
  const follow = follower?.summary(cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null)

  const { bookings, drained } = options.intakeOnly
    ? ((await onDecided?.()), { bookings: [], drained: true })
    : await drain(client, adminToken, eventIds, bookingsBefore, accepted.length, options.drainTimeout, (done) => report({ phase: 'drain', done, total: accepted.length }), onDecided)
  const queueSamples = await queueDepth.stop()
  const events = await Promise.all(
    eventIds.map(async (id) => {
      const event = await client.request('GET', `/api/events/${id}`)
      expectStatus('reading the event', event, 200)
      return event.body.data
    }),
  )

  const summary = summarize(options, {
    burstStartedAt,
    burstDurationMs,
    latenciesMs,
    statusCounts,
    networkErrors: unanswered.length,
    unanswered,
    accepted,
    soldOutAnswers,
    bookings,
    events,
    clockOffsetMs,
    drained,
    requests,
    queueDepth: queueSamples,
  })
  return follow ? { ...summary, follow } : summary
}

/** `tickets` split over `parts` categories as evenly as whole tickets allow (the first ones get the rest). */
function splitTickets(tickets: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(tickets / parts) + (i < tickets % parts ? 1 : 0))
}

/** `count` distinct indexes below `size`, in the order drawn. */
function pickDistinct(random: () => number, size: number, count: number): number[] {
  const picked: number[] = []
  while (picked.length < count) {
    const index = Math.floor(random() * size)
    if (!picked.includes(index)) picked.push(index)
  }
  return picked
}

/**
 * Bookings waiting in the queue over the run, read from the gateway's /metrics every half second
 * (`max` over the queue gauge's series). A server without it (the bench's baselines) gives none.
 */
function sampleQueueDepth(client: Client, start: number) {
  const samples: Array<{ at: number; waiting: number }> = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const at = performance.now() - start
      const res = await client.request('GET', '/metrics').catch(() => null)
      const values = res?.status === 200 ? [...res.text.matchAll(/^tickets_queue_jobs\{[^}]*queue="bookings"[^}]*state="waiting"[^}]*\} (\d+)/gm)].map((m) => Number(m[1])) : []
      // No queue gauge there (a baseline server, or /metrics not routed): stop asking.
      if (values.length === 0) return
      samples.push({ at, waiting: Math.max(...values) })
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop
      return samples
    },
  }
}

/**
 * Creates each user through the admin API (not public registration, which is rate limited per
 * address), or finds it there from a previous run, then signs it in.
 */
async function signInUsers(typed: TicketsClient, options: LoadtestOptions, adminToken: string, progress: (done: number) => void) {
  const tokens: Array<{ id: string; token: string }> = new Array(options.users)
  let done = 0
  const indexes = Array.from({ length: options.users }, (_, i) => i)
  // bcrypt dominates here; more parallel sign-ins than this only queue up in user-service.
  await eachLimited(indexes, Math.min(options.concurrency, 16), async (i) => {
    const email = `${options.userPrefix}-${i + 1}@loadtest.example`
    const created = answer(await typed.POST('/api/users', { headers: bearer(adminToken), body: { name: `Load test user ${i + 1}`, email, password: USER_PASSWORD } }))
    if (created.status !== 409) expectStatus(`creating ${email}`, created, 201)
    const res = answer(await typed.POST('/api/auth/login', { body: { email, password: USER_PASSWORD } }))
    expectStatus(`signing in ${email}`, res, 200)
    tokens[i] = { id: res.body.data.user.id, token: res.body.data.token }
    progress(++done)
  })
  return tokens
}

/**
 * Waits until every accepted booking has a row (the worker decided it), reading one count per
 * event and round rather than polling each booking, then reads them all once.
 */
/** How many bookings the platform holds in all (`meta.total` of the admin's listing), or of one event. */
async function countBookings(client: Client, adminToken: string, eventId?: string): Promise<number> {
  const res = await client.request('GET', `/api/bookings?limit=1${eventId ? `&event_id=${eventId}` : ''}`, { token: adminToken })
  expectStatus('counting bookings', res, 200)
  return res.body.meta.total
}

/**
 * Waits until every accepted booking is decided. Each round is one count of all bookings against
 * the count before the burst; only when that says done are the burst's events counted one by one
 * (bookings made by others meanwhile would make the first count run ahead). A count per event
 * every round was 200 admin requests a second on a 20-event burst, all on the first gateway: under
 * `pnpm bench --scale --cpu-quota` that alone held it at its quota.
 */
async function drain(
  client: Client,
  adminToken: string,
  eventIds: string[],
  bookingsBefore: number,
  expected: number,
  timeoutSeconds: number,
  progress: (done: number) => void,
  onDecided?: () => void | Promise<void>,
): Promise<{ bookings: DecidedBooking[]; drained: boolean }> {
  const deadline = Date.now() + timeoutSeconds * 1000
  const counts = new Map<string, number>()
  const count = async (eventId: string) => {
    counts.set(eventId, await countBookings(client, adminToken, eventId))
  }
  let decided = 0
  while (true) {
    decided = (await countBookings(client, adminToken)) - bookingsBefore
    if (decided >= expected || Date.now() > deadline) {
      await eachLimited(eventIds, 8, count)
      decided = [...counts.values()].reduce((sum, n) => sum + n, 0)
    }
    progress(Math.min(decided, expected))
    if (decided >= expected || Date.now() > deadline) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await onDecided?.()

  const bookings: DecidedBooking[] = []
  const pages = eventIds.flatMap((eventId) => Array.from({ length: Math.ceil(counts.get(eventId)! / PAGE) }, (_, i) => ({ eventId, page: i + 1 })))
  await eachLimited(pages, 8, async ({ eventId, page }) => {
    const res = await client.request('GET', `/api/bookings?event_id=${eventId}&limit=${PAGE}&page=${page}`, { token: adminToken })
    expectStatus('listing bookings', res, 200)
    bookings.push(...res.body.data)
  })
  return { bookings, drained: decided >= expected }
}
