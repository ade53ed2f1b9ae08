import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createClient, RequestError } from '../src/client.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

/** A TCP server on a free port that reads a request and closes the connection without answering. */
async function hangUpServer(): Promise<string> {
  const server = createServer((socket) => socket.once('data', () => socket.destroy()))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/**
 * An HTTP server that answers each request with its own origin once `release()` is called (or at
 * once when `holding` is false), counting what it received.
 */
async function heldServer(holding: boolean) {
  const waiting: Array<() => void> = []
  let received = 0
  const server = createServer((socket) =>
    socket.on('data', () => {
      received++
      const answer = () => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}')
      if (holding) waiting.push(answer)
      else answer()
    }),
  )
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received, release: () => waiting.splice(0).forEach((answer) => answer()) }
}

describe('the load generator client', () => {
  it('spreads requests over servers in turn, or to the one with the fewest in flight (least-outstanding)', async () => {
    const requests = (client: ReturnType<typeof createClient>, n: number) => Promise.all(Array.from({ length: n }, () => client.request('GET', '/')))
    // Round robin: a server that holds its answers still gets every other request.
    const [slow, fast] = [await heldServer(true), await heldServer(false)]
    const roundRobin = createClient([slow.url, fast.url], 8, { balance: 'round-robin' })
    const sent = requests(roundRobin, 6)
    await expect.poll(() => slow.received() + fast.received()).toBe(6)
    expect([slow.received(), fast.received()]).toEqual([3, 3])
    slow.release()
    await sent
    await roundRobin.close()
    // Least outstanding: while the slow server holds one, the next requests go to the other.
    const [slow2, fast2] = [await heldServer(true), await heldServer(false)]
    // The default.
    const least = createClient([slow2.url, fast2.url], 8)
    const first = least.request('GET', '/')
    await expect.poll(() => slow2.received()).toBe(1)
    for (let i = 0; i < 4; i++) await least.request('GET', '/')
    expect([slow2.received(), fast2.received()]).toEqual([1, 4])
    slow2.release()
    await first
    await least.close()
  })


  it('reports a request left without an answer with the server it went to and what undici saw', async () => {
    const [first, second] = [await hangUpServer(), await hangUpServer()]
    const client = createClient([first, second], 2)
    try {
      const failures = await Promise.all([0, 1].map(() => client.request('POST', '/api/bookings', { body: { event_id: 'e', quantity: 1 } }).then(() => null, (error: unknown) => error)))
      for (const failure of failures) expect(failure).toBeInstanceOf(RequestError)
      // Requests take turns among the servers: one failure names each.
      expect((failures as RequestError[]).map((failure) => failure.origin)).toEqual([first, second])
      expect((failures as RequestError[]).map((failure) => failure.kind)).toEqual(['UND_ERR_SOCKET', 'UND_ERR_SOCKET'])
      expect((failures[0] as RequestError).message).toContain(`${first}: UND_ERR_SOCKET`)
    } finally {
      await client.close()
    }
  })
})
