import { createServer, type Server } from 'node:http'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from './helper.js'

/** An "event-service" that answers with the status and the kind of body the query names. */
const ID = '00000000-0000-4000-8000-000000000000'
let upstream: Server
let url: string
beforeAll(async () => {
  upstream = createServer((req, res) => {
    const { searchParams } = new URL(req.url!, 'http://x')
    const status = Number(searchParams.get('status'))
    if (searchParams.get('body') === 'html') {
      res.writeHead(status, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>')
      return
    }
    const body = searchParams.get('body') === 'envelope' ? { success: false, code: 'INTERNAL_ERROR', message: 'Internal server error' } : { error: 'upstream timed out' }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  upstream.listen(0, '127.0.0.1')
  await once(upstream, 'listening')
  url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`
})
afterAll(() => new Promise((resolve) => upstream.close(resolve)))

describe('an upstream that answers "unavailable" in its own way', () => {
  it.each([
    [502, 'html'],
    [504, 'json'],
    [503, 'json'],
    [200, 'html'],
  ])('%s with a %s body is the API’s 503 SERVICE_UNAVAILABLE with Retry-After', async (status, body) => {
    const app = await buildTestApp({ EVENT_SERVICE_URL: url })
    const res = await app.inject({ method: 'GET', url: `/api/events/${ID}?status=${status}&body=${body}` })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBeDefined()
    expect(res.json()).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' })
    expect(res.body).not.toContain('Bad Gateway')
  })

  it('keeps a real 500 in the envelope a 500: a bug is not an outage', async () => {
    const app = await buildTestApp({ EVENT_SERVICE_URL: url })
    const res = await app.inject({ method: 'GET', url: `/api/events/${ID}?status=500&body=envelope` })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toMatchObject({ success: false, code: 'INTERNAL_ERROR' })
  })
})
