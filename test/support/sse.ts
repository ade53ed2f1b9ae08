import { request, type IncomingMessage } from 'node:http'

interface ServerSentEvent {
  id?: string
  event: string
  data: string
}

/**
 * A Server-Sent Events client over plain HTTP (what EventSource does, with the headers a test
 * needs): collects the events as they arrive, until the server ends the stream or `close()`.
 */
export function openStream(url: string, headers: Record<string, string>) {
  const events: ServerSentEvent[] = []
  let response: IncomingMessage | undefined
  let ended = false
  let buffer = ''
  const opened = new Promise<{ status: number; headers: IncomingMessage['headers']; body?: string }>((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      response = res
      res.setEncoding('utf8')
      if (!String(res.headers['content-type']).startsWith('text/event-stream')) {
        let body = ''
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
        return
      }
      resolve({ status: res.statusCode!, headers: res.headers })
      res.on('data', (chunk: string) => {
        buffer += chunk
        let at: number
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at)
          buffer = buffer.slice(at + 2)
          const event: ServerSentEvent = { event: 'message', data: '' }
          let hasData = false
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue
            const [field, ...rest] = line.split(':')
            const value = rest.join(':').replace(/^ /, '')
            if (field === 'id') event.id = value
            else if (field === 'event') event.event = value
            else if (field === 'data') {
              event.data = hasData ? `${event.data}\n${value}` : value
              hasData = true
            }
          }
          if (hasData) events.push(event)
        }
      })
      res.on('end', () => (ended = true))
      res.on('close', () => (ended = true))
    })
    req.on('error', reject)
    req.end()
  })
  return {
    opened,
    events,
    get ended() {
      return ended
    },
    /** The `status` events' statuses so far. */
    statuses: () => events.filter((event) => event.event === 'status').map((event) => (JSON.parse(event.data) as { status: string }).status),
    async until(what: string, check: () => boolean, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; events: ${JSON.stringify(events.map((event) => [event.event, event.id]))}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    close: () => response?.destroy(),
  }
}
