import { readFileSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from './support/api.js'
import { eventBody } from './support/fixtures.js'
import { startPlatform } from './support/platform.js'
import { arbitraryFor, wildValue, type IdPool, type JsonSchema } from './support/openapi-arbitraries.js'

/**
 * Requests generated from the OpenAPI document, for every operation it lists, sent over real HTTP
 * to a running gateway (with user-service, event-service and a worker behind it), with no token, a
 * user's, an administrator's and a forged one. Every answer must be documented for its operation,
 * never a 5xx, and every 4xx in the error envelope with a code the document lists for that status.
 *
 * Seeded and repeatable: FUZZ_SEED picks the seed (printed), FUZZ_RUNS the requests per operation
 * (150 by default, 3,000 in all). A failure prints the request fast-check shrank it to.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130)
const RUNS = Number(process.env.FUZZ_RUNS ?? 150)

interface Operation {
  method: string
  path: string
  parameters: Array<{ in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }>
  body?: JsonSchema
  responses: Record<string, { content?: { 'application/json'?: { schema?: JsonSchema } } }>
}

const document = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path' | 'body'> & { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>
}
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    parameters: (op.parameters ?? []) as Operation['parameters'],
    ...(op.requestBody ? { body: op.requestBody.content['application/json']!.schema } : {}),
    responses: op.responses,
  })),
)

/** The codes an operation documents for a status (from `allOf: [Error, {code: {enum}}]`), if it lists them. */
function documentedCodes(response: Operation['responses'][string] | undefined): string[] | undefined {
  const schema = response?.content?.['application/json']?.schema
  for (const part of schema?.allOf ?? []) {
    const codes = part.properties?.code?.enum
    if (codes) return codes as string[]
  }
  return undefined
}

type TokenKind = 'none' | 'user' | 'admin' | 'forged'

interface Generated {
  token: TokenKind
  path: string
  query: Record<string, unknown>
  headers: Record<string, string>
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string }
}

/** A header value Node's HTTP client will send (it refuses control characters and anything past Latin-1). */
const headerSafe = (value: unknown) => String(value).replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')

/** A path segment as a client would send it: percent-encoded UTF-8 (a lone surrogate has no UTF-8: U+FFFD, as URL does). */
const segment = (value: unknown) => encodeURIComponent(String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))

function requestFor(op: Operation, pool: IdPool): fc.Arbitrary<Generated> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const path = fc
    .tuple(
      ...pathParams.map((p) =>
        fc.oneof(
          { weight: 12, arbitrary: arbitraryFor(p.schema, pool, 0) },
          { weight: 2, arbitrary: wildValue },
          // Past the router's segment limit (maxParamLength, 100 by default): 414.
          { weight: 1, arbitrary: fc.constant('a'.repeat(101)) },
        ),
      ),
    )
    .map((values) => pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, segment(values[i])), op.path))
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbitraryFor(p.schema, pool)])), { requiredKeys: [] })
  const headerParams = op.parameters.filter((p) => p.in === 'header')
  const headers = fc
    .tuple(
      fc.record(Object.fromEntries(headerParams.map((p) => [p.name, arbitraryFor(p.schema, pool).map(headerSafe)])), { requiredKeys: [] }),
      // Now and then headers past Node's 16 KB limit: 431.
      fc.oneof({ weight: 40, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constant({ 'x-padding': 'p'.repeat(20_000) }) }),
    )
    .map(([declared, extra]) => ({ ...declared, ...extra }) as Record<string, string>)
  const json = (value: unknown) => ({ kind: 'json' as const, value })
  const body: fc.Arbitrary<Generated['body']> = op.body
    ? fc.oneof(
        { weight: 12, arbitrary: arbitraryFor(op.body, pool).map(json) },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 1, arbitrary: fc.constantFrom('{"name":', '[]', 'null', '"x"', '{"__proto__":{"admin":true}}').map((text) => ({ kind: 'raw' as const, contentType: 'application/json', text })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, contentType: 'text/plain', text: 'hello' }) },
      )
    : op.method === 'GET'
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof({ weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) }, { weight: 1, arbitrary: wildValue.map(json) })
  const token = fc.constantFrom<TokenKind>('none', 'user', 'admin', 'forged')
  return fc.record({ token, path, query, headers, body })
}

function send(port: number, agent: Agent, method: string, url: string, headers: Record<string, string>, payload?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      // A live status stream stays open while its booking can still change: its opening is the answer.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.once('data', (chunk: Buffer) => {
          resolve({ status: res.statusCode!, headers: res.headers, text: String(chunk) })
          res.destroy()
        })
        return
      }
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

describe(`requests generated from the OpenAPI document (seed ${SEED}, ${RUNS} per operation)`, () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>
  let port: number
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  const tokens: Record<TokenKind, string | undefined> = { none: undefined, user: undefined, admin: undefined, forged: undefined }
  const pool: IdPool = { events: [], users: [], bookings: [] }
  const seen = new Map<string, Map<number, number>>()

  beforeAll(async () => {
    // The abuse limits stay on (429 is part of what is checked); logins and bookings from one
    // address are frequent here, so the windows are the defaults' and only registration is relaxed.
    platform = await startPlatform({}, { worker: true, shared: true })
    const address = await platform.gateway.listen({ host: '127.0.0.1', port: 0 })
    port = Number(new URL(address).port)
    const api = createApi(platform.gateway)
    tokens.admin = await api.login(platform.admin.email, platform.admin.password)
    const caller = await api.register()
    tokens.user = caller.token
    // Signed with another secret: a token that looks right and is not.
    const [header, claims] = caller.token.split('.')
    tokens.forged = `${header}.${claims}.${Buffer.from('not the signature').toString('base64url')}`
    // Things that exist, so generated ids reach past "not found": events, another user, bookings of the caller.
    for (const overrides of [{}, { ticket_price: 0 }, { total_tickets: 1 }]) {
      pool.events.push((await api.call('POST', '/api/events', { token: tokens.admin, body: eventBody({ total_tickets: 1_000, ...overrides }) })).body.data.id)
    }
    pool.users.push((await api.register()).user.id)
    for (const eventId of pool.events) {
      const res = await api.call('POST', '/api/bookings', { token: tokens.user, body: { event_id: eventId, quantity: 1 }, headers: { prefer: 'wait=10' } })
      pool.bookings.push(res.body.data.id)
    }
  }, 60_000)

  afterAll(async () => {
    agent.destroy()
    await platform?.close()
    // What the run reached: statuses per operation (a generator that only ever earns 400s tests little).
    const lines = [...seen].map(([op, statuses]) => `${op.padEnd(40)} ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`).join(' ')}`)
    console.log(`fuzz seed ${SEED}:\n${lines.join('\n')}`)
  })

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', async (name, op) => {
    const statuses = new Map<number, number>()
    seen.set(name, statuses)
    await fc.assert(
      fc.asyncProperty(requestFor(op, pool), async (generated) => {
        const query = new URLSearchParams(Object.entries(generated.query).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : String(JSON.stringify(value))]))
        const url = `${generated.path}${query.size > 0 ? `?${query}` : ''}`
        const headers: Record<string, string> = { ...generated.headers }
        const token = tokens[generated.token]
        if (token) headers.authorization = `Bearer ${token}`
        let payload: string | undefined
        if (generated.body.kind === 'json') {
          payload = JSON.stringify(generated.body.value) ?? 'null'
          headers['content-type'] = 'application/json'
        } else if (generated.body.kind === 'raw') {
          payload = generated.body.text
          headers['content-type'] = generated.body.contentType
        }
        const res = await send(port, agent, op.method, url, headers, payload)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        const what = `${op.method} ${url.slice(0, 300)} -> ${res.status} ${res.text.slice(0, 300)}`

        expect(res.status, what).toBeLessThan(500)
        expect(Object.keys(op.responses), `${what}: status not in the document`).toContain(String(res.status))
        if (res.status >= 400) {
          expect(String(res.headers['content-type']), what).toMatch(/^application\/json/)
          const body = JSON.parse(res.text) as Record<string, unknown>
          expect(body, what).toMatchObject({ success: false, code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), message: expect.any(String) })
          expect(Object.keys(body).every((key) => ['success', 'code', 'message', 'errors'].includes(key)), what).toBe(true)
          const codes = documentedCodes(op.responses[String(res.status)])
          if (codes) expect(codes, `${what}: code not documented for ${res.status}`).toContain(body.code)
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    // The generator must get requests past validation too, or it tests only the validator.
    expect([...statuses.keys()].some((status) => ![400, 414, 415, 431].includes(status)), `only refused: ${[...statuses.keys()]}`).toBe(true)
  }, 120_000)
})
