import { describe, expect, it } from 'vitest'
import { createLoginFailures } from '../src/login-failures.js'

describe('createLoginFailures', () => {
  it('locks an account after max failures for the window, and a success clears it', () => {
    const failures = createLoginFailures({ max: 3, windowSeconds: 60 })
    for (let i = 0; i < 3; i++) failures.fail('ada', { known: true }, 1_000)
    expect(failures.retryAfter('ada', 1_000)).toBe(60)
    expect(failures.retryAfter('ada', 61_000)).toBe(0)
    failures.fail('bob', { known: true }, 1_000)
    failures.succeed('bob')
    expect(failures.retryAfter('bob', 1_000)).toBe(0)
  })

  it('keeps a locked account locked through a flood of failures for addresses that match no one', () => {
    const failures = createLoginFailures({ max: 3, windowSeconds: 60, maxEntries: 1_000 })
    for (let i = 0; i < 3; i++) failures.fail('ada', { known: true }, 1_000)
    for (let i = 0; i < 5_000; i++) failures.fail(`nobody-${i}@example.com`, { known: false }, 1_000)
    expect(failures.retryAfter('ada', 2_000)).toBe(59)
  })

  it('stays bounded, dropping the stalest entry first, never all of them', () => {
    const failures = createLoginFailures({ max: 1, windowSeconds: 60, maxEntries: 2 })
    failures.fail('a', { known: true }, 1_000)
    failures.fail('b', { known: true }, 1_000)
    failures.fail('a', { known: true }, 1_000)
    failures.fail('c', { known: true }, 1_000)
    expect(['a', 'b', 'c'].map((key) => failures.retryAfter(key, 1_000) > 0)).toEqual([true, false, true])
  })
})
