import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { parseRetryAfter } from './schedule.js'
import type { CheckedTarget } from './target-guard.js'

/** How long a receiver has to answer (Standard Webhooks suggests 15 s or less). */
export const DELIVERY_TIMEOUT_MS = 15_000

export interface SendResult {
  /** Null when no answer came. */
  statusCode: number | null
  durationMs: number
  /** Why it failed, in a line (no answer, a timeout, a redirect, a status); null on success. */
  error: string | null
  /** The receiver's Retry-After, in milliseconds. */
  retryAfterMs: number | null
}

/**
 * POSTs one message to a checked target. The connection goes to the address the guard checked (the
 * host name is not resolved again between the check and the connect, so DNS cannot be switched
 * under it), with the URL's host name for TLS and the Host header. Redirects are not followed (a
 * 3xx is a failure). The answer's body is read and dropped: only its status is kept.
 */
export function sendWebhook(target: CheckedTarget, headers: Record<string, string>, body: string, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<SendResult> {
  const started = performance.now()
  const pinned = target.addresses[0]!
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (err: null, addresses: Array<{ address: string; family: number }>) => void)(null, [pinned])
    else callback(null, pinned.address, pinned.family)
  }
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, durationMs: Math.round(performance.now() - started) })
    }
    const req = send(
      target.url,
      {
        method: 'POST',
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'tickets-webhooks/1', ...headers },
        agent: false,
      },
      (res) => {
        res.resume()
        const status = res.statusCode ?? 0
        const retryAfter = res.headers['retry-after']
        res.on('end', () =>
          finish({
            statusCode: status,
            error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `redirect (${status}) not followed` : `answered ${status}`,
            retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
          }),
        )
        res.on('error', (err) => finish({ statusCode: status, error: `answer broken off: ${err.message}`, retryAfterMs: null }))
      },
    )
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `no answer within ${timeoutMs / 1000} s`, retryAfterMs: null })
      req.destroy()
    }, timeoutMs)
    req.on('error', (err) => finish({ statusCode: null, error: err.message.slice(0, 300), retryAfterMs: null }))
    req.end(body)
  })
}
