import { randomUUID } from 'node:crypto'
import type { WebhookDeliveryJob } from '@tickets/contracts'
import type { Knex } from '@tickets/db'
import { failedTooLong } from './schedule.js'
import { DELIVERY_TIMEOUT_MS, sendWebhook, type SendResult } from './send.js'
import { signatureHeader } from './signature.js'
import { checkTarget, TargetRefused, type Resolve } from './target-guard.js'

export interface DeliveryOptions {
  allowPrivate: boolean
  resolve?: Resolve
  timeoutMs?: number
  now?: () => Date
}

export type DeliveryOutcome =
  | { status: 'delivered'; statusCode: number }
  /** Not attempted: the endpoint was deleted or disabled, or the message pruned. */
  | { status: 'skipped'; reason: string }
  /** Attempted and the endpoint disabled for good (410 Gone, or failing for 5 days). */
  | { status: 'disabled'; reason: string }
  /** Attempted and failed: retry on the schedule, not sooner than `retryAfterMs`. */
  | { status: 'failed'; error: string; retryAfterMs: number | null }

/**
 * One attempt to deliver one message to one endpoint, logged as a delivery row. The secret and the
 * body are read at each attempt (a rotation applies to retries at once, and neither is ever in the
 * job); the target is checked again (DNS may have changed since registration) and connected to at
 * the address checked. 2xx is success and ends the endpoint's failing spell; 410 disables it; any
 * other answer, or none, is a failure, and one that ends 5 days of failures disables it too.
 */
export async function attemptDelivery(knex: Knex, job: WebhookDeliveryJob, attempt: number, { allowPrivate, resolve, timeoutMs = DELIVERY_TIMEOUT_MS, now = () => new Date() }: DeliveryOptions): Promise<DeliveryOutcome> {
  const endpoint = await knex('webhook_endpoints').where({ id: job.endpoint_id }).first()
  if (!endpoint) return { status: 'skipped', reason: 'endpoint deleted' }
  if (!endpoint.enabled) return { status: 'skipped', reason: 'endpoint disabled' }
  const message = await knex('outbox_events').where({ id: job.message_id }).first('id', 'type', 'body')
  if (!message) return { status: 'skipped', reason: 'message pruned' }

  const sentAt = now()
  const timestamp = Math.floor(sentAt.getTime() / 1000)
  const secrets = [endpoint.secret]
  if (endpoint.previous_secret && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > sentAt) secrets.push(endpoint.previous_secret)
  let result: SendResult
  try {
    const target = await checkTarget(endpoint.url, { allowPrivate, ...(resolve ? { resolve } : {}) })
    result = await sendWebhook(
      target,
      { 'webhook-id': message.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader(secrets, message.id, timestamp, message.body) },
      message.body,
      timeoutMs,
    )
  } catch (error) {
    if (!(error instanceof TargetRefused)) throw error
    result = { statusCode: null, durationMs: 0, error: `refused: ${error.message}`, retryAfterMs: null }
  }

  await knex('webhook_deliveries').insert({
    id: randomUUID(),
    endpoint_id: endpoint.id,
    message_id: message.id,
    type: message.type,
    attempt,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    error: result.error,
    created_at: sentAt,
  })

  if (result.error === null) {
    if (endpoint.failing_since) await knex('webhook_endpoints').where({ id: endpoint.id }).update({ failing_since: null })
    return { status: 'delivered', statusCode: result.statusCode! }
  }
  const disable = async (reason: string) => {
    await knex('webhook_endpoints').where({ id: endpoint.id }).update({ enabled: false, disabled_reason: reason })
    return { status: 'disabled' as const, reason }
  }
  if (result.statusCode === 410) return disable(`The endpoint answered 410 Gone at ${sentAt.toISOString()}`)
  const failingSince = endpoint.failing_since ?? sentAt
  if (!endpoint.failing_since) await knex('webhook_endpoints').where({ id: endpoint.id }).whereNull('failing_since').update({ failing_since: sentAt })
  if (failedTooLong(failingSince, sentAt)) return disable(`Deliveries failed for 5 days (since ${failingSince.toISOString()}); the last: ${result.error}`)
  return { status: 'failed', error: result.error, retryAfterMs: result.retryAfterMs }
}
