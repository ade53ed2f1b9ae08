import { describe, expect, it } from 'vitest'
import { createBaseApp } from '../src/index.js'

describe('the error handler', () => {
  it('answers a lock conflict (deadlock, lock wait timeout) 503 with Retry-After, and any other error 500', async () => {
    const app = createBaseApp({ LOG_LEVEL: 'silent', LOG_FORMAT: 'json', NODE_ENV: 'test', LOG_SLOW_REQUEST_MS: 1_000, LOG_REQUEST_SAMPLE_RATE: 0 })
    const failing = (errno: number) => Object.assign(new Error(`errno ${errno}`), { errno })
    app.get('/deadlock', async () => {
      throw failing(1213)
    })
    app.get('/lock-wait', async () => {
      throw failing(1205)
    })
    app.get('/other', async () => {
      throw failing(1064)
    })
    for (const url of ['/deadlock', '/lock-wait']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(503)
      expect(res.headers['retry-after']).toBe('1')
      expect(res.json()).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' })
      expect(res.body).not.toContain('errno')
    }
    expect((await app.inject({ method: 'GET', url: '/other' })).statusCode).toBe(500)
    await app.close()
  })
})
