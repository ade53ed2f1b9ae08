import { describe, expect, it } from 'vitest'
import { createMetricsRegistry, registerQueueGauge } from '../src/index.js'

describe('tickets_queue_jobs', () => {
  it('reports each state of each queue at scrape time', async () => {
    const registry = createMetricsRegistry('test')
    registerQueueGauge(registry, [{ name: 'q', getJobCounts: async () => ({ waiting: 3, active: 1, failed: 2 }) }])
    const text = await registry.metrics()
    expect(text).toContain('tickets_queue_jobs{queue="q",state="waiting",service="test"} 3')
    expect(text).toContain('tickets_queue_jobs{queue="q",state="delayed",service="test"} 0')
  })

  it('leaves out a queue whose counts fail or do not come within a second, without failing the scrape', async () => {
    const registry = createMetricsRegistry('test')
    registerQueueGauge(registry, [
      { name: 'broken', getJobCounts: async () => Promise.reject(new Error('down')) },
      { name: 'stuck', getJobCounts: () => new Promise(() => {}) },
      { name: 'fine', getJobCounts: async () => ({ waiting: 1 }) },
    ])
    const started = Date.now()
    const text = await registry.metrics()
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(text).not.toContain('queue="broken"')
    expect(text).not.toContain('queue="stuck"')
    expect(text).toContain('tickets_queue_jobs{queue="fine",state="waiting",service="test"} 1')
  })
})
