import { describe, expect, it } from 'vitest'
import { newSecret, sign, signatureHeader, verify } from '../src/index.js'

describe('signatures (Standard Webhooks 1.0)', () => {
  it('matches the specification\'s example', () => {
    // The example of the Standard Webhooks specification (and its reference libraries).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('makes secrets of 32 random bytes, never the same twice', () => {
    const [a, b] = [newSecret(), newSecret()]
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('verifies a header of several signatures by any of them, within the tolerance only, and not a changed body', () => {
    const [old, fresh] = [newSecret(), newSecret()]
    const now = 1_800_000_000_000
    const timestamp = String(now / 1000)
    const header = { id: 'msg_1', timestamp, signature: signatureHeader([fresh, old], 'msg_1', Number(timestamp), '{"a":1}') }
    expect(verify(fresh, header, '{"a":1}', now)).toBe(true)
    expect(verify(old, header, '{"a":1}', now)).toBe(true)
    expect(verify(newSecret(), header, '{"a":1}', now)).toBe(false)
    expect(verify(fresh, header, '{"a":2}', now)).toBe(false)
    expect(verify(fresh, { ...header, id: 'msg_2' }, '{"a":1}', now)).toBe(false)
    expect(verify(fresh, header, '{"a":1}', now + 301_000)).toBe(false)
    expect(verify(fresh, { ...header, timestamp: 'soon' }, '{"a":1}', now)).toBe(false)
  })
})
