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
 * gateways), requests take turns among them, as a round-robin load balancer would send them.
 */
export function createClient(base: string | readonly string[], connections: number) {
  const bases = typeof base === 'string' ? [base] : base
  const targets = bases.map((one) => {
    const url = new URL(one)
    const share = Math.ceil(connections / bases.length)
    return { origin: url.origin, pathPrefix: url.pathname.replace(/\/$/, ''), pool: new Pool(url.origin, { connections: share, pipelining: 1, keepAliveTimeout: 60_000 }) }
  })
  let turn = 0

  return {
    async request<T = any>(
      method: 'GET' | 'POST',
      path: string,
      options: { token?: string; body?: unknown } = {},
    ): Promise<Response<T>> {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (options.token) headers.authorization = `Bearer ${options.token}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      const { origin, pool, pathPrefix } = targets[turn++ % targets.length]!
      let res: Awaited<ReturnType<Pool['request']>>
      let text: string
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
