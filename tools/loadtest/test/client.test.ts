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

describe('the load generator client', () => {
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
