import { describe, expect, it } from 'vitest'
import { WEBHOOK_RETRY_SCHEDULE_SECONDS } from '@tickets/contracts'
import { DISABLE_AFTER_MS, WEBHOOK_ATTEMPTS, failedTooLong, parseRetryAfter, retryDelayMs } from '../src/index.js'

describe('the retry schedule', () => {
  it('waits about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, each with up to a tenth of jitter', () => {
    expect(WEBHOOK_ATTEMPTS).toBe(10)
    expect(WEBHOOK_RETRY_SCHEDULE_SECONDS.map((s) => s / 3600)).toEqual([5 / 3600, 5 / 60, 0.5, 2, 5, 10, 14, 20, 24])
    WEBHOOK_RETRY_SCHEDULE_SECONDS.forEach((seconds, i) => {
      expect(retryDelayMs(i + 1, null, () => 0)).toBe(seconds * 1000)
      expect(retryDelayMs(i + 1, null, () => 0.999)).toBeLessThanOrEqual(seconds * 1100)
    })
  })

  it('never retries sooner than Retry-After asks (up to a day)', () => {
    expect(retryDelayMs(1, 60_000, () => 0)).toBe(60_000)
    expect(retryDelayMs(2, 60_000, () => 0)).toBe(300_000)
    expect(retryDelayMs(1, 10 * 86_400_000, () => 0)).toBe(86_400_000)
    expect(parseRetryAfter('120')).toBe(120_000)
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThan(28_000)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(undefined)).toBeNull()
  })

  it('disables an endpoint only after 5 days of failures without a success', () => {
    const now = new Date('2026-12-10T00:00:00Z')
    expect(failedTooLong(null, now)).toBe(false)
    expect(failedTooLong(new Date(now.getTime() - DISABLE_AFTER_MS + 1000), now)).toBe(false)
    expect(failedTooLong(new Date(now.getTime() - DISABLE_AFTER_MS), now)).toBe(true)
  })
})

describe('the event types', () => {
  it('are the same list in the type union the API validates against and in the list the code iterates', async () => {
    const { WEBHOOK_EVENT_TYPES, WebhookEventTypeSchema } = await import('@tickets/contracts')
    expect(WebhookEventTypeSchema.anyOf.map((literal) => literal.const)).toEqual([...WEBHOOK_EVENT_TYPES])
  })
})
