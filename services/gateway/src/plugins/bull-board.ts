import { createHash } from 'node:crypto'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { Queue } from 'bullmq'
import { errorHandler, HttpError, type Identity } from '@tickets/http'
import { LRUCache } from 'lru-cache'

const BULL_BOARD_PATH = '/admin/queues'

export interface BullBoardOptions {
  queues: Queue[]
  /** Redis key prefix for the failed sign-in counter (not `prefix`: Fastify reads that as a route prefix). */
  redisPrefix: string
  /** Failed sign-ins allowed per client address within the window before 429. */
  maxFailures: number
  windowSeconds: number
  /** Inspect and retry failed jobs only (the default); false enables clean, remove, promote, add, edit, pause. */
  readOnly: boolean
}

/**
 * What a read-only board still allows besides reading: retrying failed jobs (all of a queue's, or
 * one), which only puts a booking back on its way to a decision. Everything else Bull Board can do
 * (clean, remove, empty, obliterate, promote, add, edit data, pause) can drop an accepted booking
 * or change when it is decided, so it needs BULL_BOARD_READ_ONLY=false.
 */
const RETRY_ROUTES = new Set([`${BULL_BOARD_PATH}/api/queues/:queueName/retry/:queueStatus`, `${BULL_BOARD_PATH}/api/queues/:queueName/:jobId/retry`])

function allowedWhenReadOnly(method: string, route: string | undefined, params: unknown): boolean {
  if (method === 'GET' || method === 'HEAD') return true
  if (method !== 'PUT' || !route || !RETRY_ROUTES.has(route)) return false
  const status = (params as { queueStatus?: string }).queueStatus
  return status === undefined || status === 'failed'
}

const REALM = 'Basic realm="Bull Board", charset="UTF-8"'
/** How long a verified Basic credential is trusted before user-service is asked again. */
const VERIFIED_FOR_MS = 60_000

interface Verified {
  /** Who signed in, and at which token version: the account check below runs on every request. */
  identity: Identity
  until: number
}

/**
 * Bull Board for operators, at /admin/queues, administrators only. Bull Board has no login of
 * its own and a browser cannot add a Bearer header, so this context accepts either a Bearer
 * token (scripts, curl) or HTTP Basic with an administrator's email and password, which are
 * checked by user-service's login exactly like POST /api/auth/login. The board polls its API
 * every few seconds, so a verified credential is remembered (by hash) for a minute rather than
 * paying a bcrypt verification per request; the account behind it is still checked on every
 * request (deleted, demoted or signed out: refused within ACCOUNT_CACHE_MS). Failed sign-ins are counted per address in Redis,
 * like the login rate limit, so the board is no way around it.
 *
 * Deliberately not wrapped in fastify-plugin: the auth hook must cover exactly these routes.
 */
export const bullBoardPlugin: FastifyPluginAsync<BullBoardOptions> = async (app, { queues, redisPrefix, maxFailures, windowSeconds, readOnly }) => {
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(BULL_BOARD_PATH)
  createBullBoard({
    // Not Bull Board's own readOnlyMode: it refuses retries too, and retrying a failed booking job
    // is the one action an operator needs. The hook below enforces read-only instead.
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Tickets queues' } },
  })

  // Bounded without forgetting every sign-in at once: the least recently used goes first.
  const verified = new LRUCache<string, Verified>({ max: 1_000 })

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: HttpError) =>
    // Bull Board's routes carry its own error handler; answer in the API's envelope directly.
    errorHandler(error as never, request, reply)

  const challenge = (message: string) => new HttpError(401, 'UNAUTHORIZED', message, { headers: { 'www-authenticate': REALM } })

  /** The identity behind a Basic credential, or null when user-service refuses it. */
  const identityOf = async (email: string, password: string): Promise<Identity | null> => {
    const res = await app.upstreams.call.users({ method: 'POST', path: '/api/auth/login', body: { email, password } })
    if (res.statusCode === 400 || res.statusCode === 401) return null
    if (res.statusCode === 429) throw new HttpError(429, 'RATE_LIMITED', 'Too many failed sign-ins; retry later')
    const token = (res.body as { data?: { token?: unknown } } | null)?.data?.token
    if (res.statusCode !== 200 || typeof token !== 'string') throw new Error(`user-service login answered ${res.statusCode}`)
    return app.jwt.verify<Identity>(token)
  }

  /** The role the account has now (a remembered sign-in is only as good as the account behind it). */
  const currentRole = async (identity: Identity): Promise<Identity['role'] | null> => {
    if (!app.accounts) return identity.role
    const account = await app.accounts(identity.sub)
    return account && account.token_version === (identity.ver ?? 0) ? account.role : null
  }

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? ''
    try {
      if (/^bearer /i.test(header)) {
        await app.requireAdmin(request, reply)
        if (readOnly) refuseChanges(request)
        return
      }
      const credentials = parseBasic(header)
      if (!credentials) throw challenge('Sign in with an administrator account')

      const key = createHash('sha256').update(header).digest('base64url')
      let entry = verified.get(key)
      if (!entry || entry.until < Date.now()) {
        const failuresKey = `${redisPrefix}:board-sign-in-failures:${request.ip}`
        const failures = Number(await app.redis.get(failuresKey).catch(() => 0))
        if (failures >= maxFailures) throw new HttpError(429, 'RATE_LIMITED', 'Too many failed sign-ins; retry later')

        let identity: Identity | null
        try {
          identity = await identityOf(credentials.email, credentials.password)
        } catch (error) {
          if (error instanceof HttpError) throw error
          request.log.error({ err: error }, 'bull board sign-in: user-service unavailable')
          throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'Sign-in is unavailable, try again shortly')
        }
        if (!identity) {
          await app.redis
            .multi()
            .incr(failuresKey)
            .expire(failuresKey, windowSeconds, 'NX')
            .exec()
            .catch(() => undefined)
          throw challenge('Wrong email or password')
        }
        entry = { identity, until: Date.now() + VERIFIED_FOR_MS }
        verified.set(key, entry)
      }
      const role = await currentRole(entry.identity)
      if (!role) {
        verified.delete(key)
        throw challenge('Sign in again: the account changed')
      }
      if (role !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'Administrators only')
      if (readOnly) refuseChanges(request)
    } catch (error) {
      if (error instanceof HttpError) return refuse(request, reply, error)
      throw error
    }
  })

  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH })
}

function refuseChanges(request: FastifyRequest) {
  if (allowedWhenReadOnly(request.method, request.routeOptions.url, request.params)) return
  throw new HttpError(403, 'FORBIDDEN', 'Bull Board is read-only: it can inspect queues and retry failed jobs. Set BULL_BOARD_READ_ONLY=false to clean, remove, promote, add or edit jobs')
}

/** `Basic base64(email:password)` → its parts; null when absent or malformed. */
function parseBasic(header: string): { email: string; password: string } | null {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!match?.[1]) return null
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return null
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
