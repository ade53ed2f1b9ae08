import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support/stack.js'

describe('the platform started as processes', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    await stack?.stop()
  })

  it('answers /health/ready on every HTTP service', async () => {
    for (const url of Object.values(stack.urls)) {
      const res = await fetch(`${url}/health/ready`)
      expect(res.status, url).toBe(200)
      expect(((await res.json()) as { status: string }).status).toBe('ok')
    }
  })

  it('answers unknown routes with the JSON error envelope', async () => {
    const res = await fetch(`${stack.gatewayUrl}/api/unknown`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(await res.json()).toMatchObject({ success: false, code: 'ROUTE_NOT_FOUND' })
  })

  it('stops every process cleanly on SIGTERM', async () => {
    const codes = await stack.stop()
    expect(codes).toEqual([0, 0, 0, 0])
    const worker = stack.processes.find((p) => p.name === 'worker-1')!
    expect(worker.output()).toContain('worker stopped')
  })
})
