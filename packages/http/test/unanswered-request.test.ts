import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createBaseApp } from '../src/index.js'

/** Sends one GET and resolves with its status, or with the error once the connection closes under it. */
const get = (port: number, path: string) =>
  new Promise<number | Error>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode!))
    })
    req.on('error', resolve)
    req.end()
  })

describe('a request its service never answers', () => {
  it('is logged with its method and URL when its connection times out, and the connection is closed', async () => {
    const lines: Array<Record<string, any>> = []
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()))
        done()
      },
    })
    const app = createBaseApp({ LOG_LEVEL: 'info', LOG_FORMAT: 'json', NODE_ENV: 'test', LOG_SLOW_REQUEST_MS: 60_000, LOG_REQUEST_SAMPLE_RATE: 0 }, { logStream })
    app.get('/ok', async () => ({ ok: true }))
    // Something below never answers.
    app.get('/hang', () => new Promise(() => undefined))
    await app.listen({ host: '127.0.0.1', port: 0 })
    onTestFinished(() => app.close())
    // connectionTimeout is a minute; a fraction of a second here.
    app.server.setTimeout(300)
    const { port } = app.server.address() as AddressInfo

    expect(await get(port, '/ok')).toBe(200)
    const hung = await get(port, '/hang')
    expect(hung).toBeInstanceOf(Error)
    expect((hung as Error & { code?: string }).code).toBe('ECONNRESET')
    const unanswered = lines.filter((line) => line.msg === 'request unanswered until its connection timed out')
    expect(unanswered).toEqual([expect.objectContaining({ level: 50, req: { method: 'GET', url: '/hang' } })])
  })
})
