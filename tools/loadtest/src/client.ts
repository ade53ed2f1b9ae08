import { Pool } from 'undici'

export interface Response<T = any> {
  status: number
  /** The parsed JSON, or `{ raw }` with the first characters of anything else. */
  body: T
  /** The body as sent. */
  text: string
  headers: Record<string, string | string[] | undefined>
}

/**
 * A request that got no answer (a reset, a timeout, a refused connection): which server it went
 * to and what undici reported (`kind`: its error code, such as UND_ERR_HEADERS_TIMEOUT or
 * UND_ERR_SOCKET, else the error's name), so a run can say where its unanswered requests went.
 */
export class RequestError extends Error {
  readonly kind: string
  constructor(
    readonly origin: string,
    cause: unknown,
  ) {
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown }
    const kind = typeof code === 'string' ? code : typeof name === 'string' ? name : 'Error'
    super(`${origin}: ${kind}${typeof message === 'string' ? ` (${message})` : ''}`, { cause })
    this.name = 'RequestError'
    this.kind = kind
  }
}

/**
 * A pooled keep-alive HTTP client: one connection per request in flight, reused for the whole
 * run, so the burst measures the platform rather than TCP handshakes. Given several bases (many
 * gateways), each request goes where a load balancer would send it: by default to the gateway
 * with the fewest requests in flight (`least-outstanding`, as Envoy's LEAST_REQUEST, HAProxy's and
 * nginx's least connections or an AWS ALB's least outstanding requests do), or in turn
 * (`round-robin`).
 *
 * Why not in turn by default: a burst's clients each send their next request when the last is
 * answered, so in turn, every gateway gets the same share of the requests however fast it answers,
 * and the clients pile up at whichever is slowest at the moment (under CPU quotas, the one waiting
 * out its period) while the others run short of work and gather half the requests per booking job.
 * With four quota'd gateways that alone held 4+4 to 1.6-1.7x one gateway, against 2.5-2.8x with
 * the fewest in flight, in the same run (docs/scaling.md). A balancer in front of real gateways
 * would not keep sending to the one that is behind.
 */
export function createClient(base: string | readonly string[], connections: number, { balance = 'least-outstanding' }: { balance?: Balance } = {}) {
  const bases = typeof base === 'string' ? [base] : base
  const targets = bases.map((one) => {
    const url = new URL(one)
    const share = Math.ceil(connections / bases.length)
    return { origin: url.origin, pathPrefix: url.pathname.replace(/\/$/, ''), pool: new Pool(url.origin, { connections: share, pipelining: 1, keepAliveTimeout: 60_000 }), inFlight: 0 }
  })
  let turn = 0
  const pick = () => {
    const start = turn++ % targets.length
    if (balance === 'round-robin') return targets[start]!
    // The fewest requests in flight, ties taken in turn.
    let best = targets[start]!
    for (let i = 1; i < targets.length; i++) {
      const candidate = targets[(start + i) % targets.length]!
      if (candidate.inFlight < best.inFlight) best = candidate
    }
    return best
  }

  return {
    async request<T = any>(
      method: 'GET' | 'POST',
      path: string,
      options: { token?: string; body?: unknown } = {},
    ): Promise<Response<T>> {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (options.token) headers.authorization = `Bearer ${options.token}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      const target = pick()
      const { origin, pool, pathPrefix } = target
      let res: Awaited<ReturnType<Pool['request']>>
      let text: string
      target.inFlight++
      try {
        res = await pool.request({
          method,
          path: pathPrefix + path,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          // Longer than the services' connectionTimeout (60 s): a request a gateway holds is
          // closed, and logged, by the gateway first (the client's own timeout, firing first,
          // left nothing in the gateway's log).
          headersTimeout: 90_000,
          bodyTimeout: 90_000,
        })
        text = await res.body.text()
      } catch (error) {
        throw new RequestError(origin, error)
      } finally {
        target.inFlight--
      }
      let body: any = null
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        body = { raw: text.slice(0, 200) }
      }
      return { status: res.statusCode, body, text, headers: res.headers }
    },
    close: () => Promise.all(targets.map(({ pool }) => pool.close())).then(() => undefined),
  }
}

export type Client = ReturnType<typeof createClient>
export const BALANCES = ['round-robin', 'least-outstanding'] as const
export type Balance = (typeof BALANCES)[number]
export const isBalance = (value: unknown): value is Balance => (BALANCES as readonly unknown[]).includes(value)
