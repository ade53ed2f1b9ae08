import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  id: string
  timestamp: string
  signature: string
  body: string
  payload: { type: string; timestamp: string; data: Record<string, unknown> }
  headers: IncomingHttpHeaders
}

/**
 * A webhook receiver on a free local port: records every request and answers what `answer`
 * says (200 by default), so tests can play a receiver that fails, asks to retry later or is gone.
 */
export async function startReceiver(answer: (received: Received, index: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 })) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const entry: Received = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        body,
        payload: JSON.parse(body) as Received['payload'],
        headers: req.headers,
      }
      received.push(entry)
      const { status, headers } = answer(entry, received.length - 1)
      res.writeHead(status, headers).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return {
    url,
    received,
    /** Waits until `check` holds over what was received. */
    async until(what: string, check: (all: Received[]) => boolean, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (!check(received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; received: ${received.map((r) => r.payload.type).join(', ')}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
