import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** Small client over `inject` that reads like the HTTP calls a real client makes. */
export function createApi(app: FastifyInstance) {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    })
    return { status: res.statusCode, headers: res.headers, body: res.body ? (res.json() as any) : undefined, raw: res.body }
  }

  return {
    call,
    async register(overrides: Record<string, unknown> = {}) {
      const body = { name: 'Test User', email: `user-${randomUUID()}@example.com`, password: 'correct-horse-battery', ...overrides }
      const res = await call('POST', '/api/auth/register', { body })
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.raw}`)
      return { ...res.body.data, password: body.password } as { user: { id: string; email: string; role: string }; token: string; password: string }
    },
    async login(email: string, password: string) {
      const res = await call('POST', '/api/auth/login', { body: { email, password } })
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.raw}`)
      return res.body.data.token as string
    },
  }
}
