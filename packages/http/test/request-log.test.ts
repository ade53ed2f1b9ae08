import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createBaseApp } from '../src/index.js'

function appWith(level: string, sampleRate = 0) {
  const lines: Array<Record<string, any>> = []
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    },
  })
  const app = createBaseApp(
    { LOG_LEVEL: level, LOG_FORMAT: 'json', NODE_ENV: 'test', LOG_SLOW_REQUEST_MS: 1_000, LOG_REQUEST_SAMPLE_RATE: sampleRate },
    { logStream },
  )
  app.get('/ok', async () => ({ ok: true }))
  app.get('/boom', async () => {
    throw new Error('kaput')
  })
  app.get('/unavailable', async (_request, reply) => reply.code(503).send({ ok: false }))
  // Slow by a margin no busy machine adds to an ordinary request (the threshold is 1 s).
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    return { ok: true }
  })
  const requests = () => lines.filter((line) => line.req)
  return { app, requests }
}

describe('request logging', () => {
  it('logs only 5xx and slow requests at info, one line each with the request and the time taken', async () => {
    const { app, requests } = appWith('info')
    for (let i = 0; i < 20; i++) await app.inject('/ok')
    await app.inject('/boom')
    await app.inject('/unavailable')
    await app.inject('/slow')
    expect(requests().map((line) => [line.level, line.req.url, line.res.statusCode, line.msg])).toEqual([
      [50, '/boom', 500, 'request completed'],
      [40, '/unavailable', 503, 'request completed'],
      [40, '/slow', 200, 'slow request'],
    ])
    expect(requests()[2]!.responseTime).toBeGreaterThanOrEqual(100)
    await app.close()
  })

  it('logs a sample of ordinary requests at info', async () => {
    const { app, requests } = appWith('info', 1)
    await app.inject('/ok')
    expect(requests()).toMatchObject([{ level: 30, sampled: true, req: { url: '/ok' }, res: { statusCode: 200 } }])
    await app.close()
  })

  it('logs every request at debug', async () => {
    const { app, requests } = appWith('debug')
    await app.inject('/ok')
    await app.inject('/ok')
    expect(requests().map((line) => line.level)).toEqual([20, 20])
    await app.close()
  })
})
