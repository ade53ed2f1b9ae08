import { describe, expect, it } from 'vitest'
import { createSoldOutCheck } from '../src/bookings/sold-out-check.js'

/** A sold-out record store that counts the questions it is asked. */
function records(initial: Record<string, boolean> = {}) {
  const soldOut = new Map(Object.entries(initial))
  let asked = 0
  return {
    store: { isSoldOut: async (id: string) => (asked++, soldOut.get(id) ?? false) },
    set: (id: string, value: boolean) => soldOut.set(id, value),
    asked: () => asked,
  }
}

describe('createSoldOutCheck', () => {
  it('asks Redis once per event per window while the answer is "not sold out"', async () => {
    const r = records()
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    for (let i = 0; i < 5; i++) expect(await check('a')).toBe(false)
    expect(await check('b')).toBe(false)
    expect(r.asked()).toBe(2)
  })

  it('never remembers "sold out": tickets that come back are bookable on the next request', async () => {
    const r = records({ a: true })
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    expect(await check('a')).toBe(true)
    expect(await check('a')).toBe(true)
    r.set('a', false)
    expect(await check('a')).toBe(false)
    expect(r.asked()).toBe(3)
  })

  it('asks again once the window has passed, and every time with a window of 0', async () => {
    const r = records()
    let now = 1_000
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 30, now: () => now })
    await check('a')
    r.set('a', true)
    now += 29
    expect(await check('a')).toBe(false)
    now += 1
    expect(await check('a')).toBe(true)

    const every = records()
    const uncached = createSoldOutCheck(every.store, { notSoldOutMs: 0 })
    await uncached('a')
    await uncached('a')
    expect(every.asked()).toBe(2)
  })

  it('keeps at most maxEvents answers, dropping the oldest', async () => {
    const r = records()
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000, maxEvents: 2 })
    await check('a')
    await check('b')
    await check('c')
    expect(r.asked()).toBe(3)
    await check('c')
    await check('b')
    expect(r.asked()).toBe(3)
    await check('a')
    expect(r.asked()).toBe(4)
  })
})
