/**
 * Webhooks as Standard Webhooks 1.0 describes them: signed (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`), retried on a schedule, with an SSRF guard on every target. The messages
 * themselves are written by @tickets/booking into the outbox, in the transactions of the changes.
 */
export { newSecret, sign, signatureHeader, verify } from './signature.js'
export { checkTarget, isPublicAddress, TargetRefused, type CheckedTarget, type Resolve } from './target-guard.js'
export { DISABLE_AFTER_MS, WEBHOOK_ATTEMPTS, failedTooLong, parseRetryAfter, retryDelayMs } from './schedule.js'
export { DELIVERY_TIMEOUT_MS, sendWebhook, type SendResult } from './send.js'
export { createWebhookEndpoints, toDelivery, toEndpoint, ROTATION_OVERLAP_MS, WebhookError, type WebhookEndpoints } from './endpoints.js'
export { attemptDelivery, type DeliveryOptions, type DeliveryOutcome } from './deliver.js'
export { deliveryJobId, pruneWebhookHistory, relayOutbox, RETENTION_MS, type DeliveryToQueue } from './relay.js'
