import { networkInterfaces } from 'node:os'
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

  it('keeps the internal services on loopback: only the gateway answers on another interface', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address
    const portOf = (url: string) => new URL(url).port
    const internal = [stack.urls.users, stack.urls.events]
    for (const url of internal) {
      const service = stack.processes.find((p) => p.output().includes(`Server listening at http://127.0.0.1:${portOf(url)}`))
      expect(service, url).toBeDefined()
    }
    if (!external) return // a machine with loopback only: nothing else to try
    for (const url of internal) {
      await expect(fetch(`http://${external}:${portOf(url)}/health/live`)).rejects.toThrow()
    }
    expect((await fetch(`http://${external}:${portOf(stack.urls.gateway)}/health/live`)).status).toBe(200)
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
