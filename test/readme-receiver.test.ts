import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { freePort } from '@tickets/testing/stack'
import { newSecret, signatureHeader } from '@tickets/webhooks'

/**
 * The README's webhook receiver, run as it is printed: it must accept what the platform signs and
 * refuse what it did not (a changed body, another secret, an old timestamp).
 */
describe("the README's webhook receiver", () => {
  it('accepts a signed message and refuses a forged or stale one', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const code = /A receiver needs only `node:crypto`:\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(code, 'the receiver block in README.md').toBeTruthy()
    expect(code!.trim().split('\n').length).toBeLessThanOrEqual(18)
    const dir = mkdtempSync(join(tmpdir(), 'receiver-'))
    writeFileSync(join(dir, 'receiver.mjs'), code!)
    const secret = newSecret()
    const port = await freePort()
    const child = spawn(process.execPath, [join(dir, 'receiver.mjs')], { env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] })
    onTestFinished(() => {
      child.kill()
      rmSync(dir, { recursive: true, force: true })
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))

    const send = async (body: string, sign: { secret: string; timestamp: number; body?: string }) => {
      const id = 'msg_0123456789abcdef0123456789abcdef'
      for (let tries = 0; ; tries++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`, {
            method: 'POST',
            body,
            headers: { 'webhook-id': id, 'webhook-timestamp': String(sign.timestamp), 'webhook-signature': signatureHeader([sign.secret], id, sign.timestamp, sign.body ?? body) },
          })
          return res.status
        } catch (error) {
          if (tries > 50) throw error
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
    }
    const now = Math.floor(Date.now() / 1000)
    const body = JSON.stringify({ type: 'booking.confirmed', timestamp: new Date().toISOString(), data: { id: 'b', name: 'Café Noël 🎫' } })
    expect(await send(body, { secret, timestamp: now })).toBe(204)
    // Its log line comes through a pipe, maybe after the answer did.
    for (let waited = 0; !output.includes('booking.confirmed') && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(output).toContain('msg_0123456789abcdef0123456789abcdef booking.confirmed')
    expect(await send(body.replace('"b"', '"c"'), { secret, timestamp: now, body })).toBe(401)
    expect(await send(body, { secret: newSecret(), timestamp: now })).toBe(401)
    expect(await send(body, { secret, timestamp: now - 3600 })).toBe(401)
  })
})
