import { UnrecoverableError, type Job } from 'bullmq'
import Value from 'typebox/value'
import { WebhookDeliveryJob } from '@tickets/contracts'
import type { Knex } from '@tickets/db'
import { attemptDelivery, retryDelayMs, type DeliveryOptions, type DeliveryOutcome } from '@tickets/webhooks'

/** A failed attempt: BullMQ retries it on the webhook schedule, not sooner than the receiver's Retry-After. */
class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message)
    this.name = 'DeliveryFailed'
  }
}

/** The `webhook` backoff: the schedule after attempt `attemptsMade`, honouring Retry-After. */
export const webhookBackoff = (attemptsMade: number, _type?: string, err?: Error): number =>
  retryDelayMs(attemptsMade, err instanceof DeliveryFailed ? err.retryAfterMs : null)

/** One delivery job: one attempt (see attemptDelivery); a failure throws for BullMQ's retry. */
export function createDeliveryProcessor(knex: Knex, options: DeliveryOptions, count: (outcome: DeliveryOutcome['status']) => void = () => {}) {
  return async (job: Job): Promise<DeliveryOutcome> => {
    if (!Value.Check(WebhookDeliveryJob, job.data)) throw new UnrecoverableError('invalid webhook delivery job')
    const outcome = await attemptDelivery(knex, job.data as WebhookDeliveryJob, job.attemptsMade + 1, options)
    count(outcome.status)
    if (outcome.status === 'failed') throw new DeliveryFailed(outcome.error, outcome.retryAfterMs)
    return outcome
  }
}
