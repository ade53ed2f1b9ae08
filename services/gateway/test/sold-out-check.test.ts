import { describe, expect, it } from 'vitest'
import { createSoldOutCheck } from '../src/bookings/sold-out-check.js'

/** A sold-out record store (event -> its sold-out categories) that counts the questions it is asked. */
function records(initial: Record<string, string[]> = {}) {
  const soldOut = new Map(Object.entries(initial).map(([id, categories]) => [id, new Set(categories)]))
  let asked = 0
  return {
    store: { soldOutCategories: async (id: string) => (asked++, new Set(soldOut.get(id) ?? [])) },
    set: (id: string, categories: string[]) => soldOut.set(id, new Set(categories)),
    asked: () => asked,
  }
}

describe('createSoldOutCheck', () => {
  it('asks Redis once per event per window while nothing of the event is sold out', async () => {
    const r = records()
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    for (let i = 0; i < 5; i++) expect(await check('a', ['a1'])).toBeNull()
    expect(await check('b', ['b1'])).toBeNull()
    expect(r.asked()).toBe(2)
  })

  it('answers the first requested category that is sold out, and only a requested one', async () => {
    const r = records({ a: ['a2', 'a3'] })
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    expect(await check('a', ['a1', 'a3', 'a2'])).toBe('a3')
    // Another category of the same event is still bookable, and asked about every time.
    expect(await check('a', ['a1'])).toBeNull()
    expect(await check('a', ['a1'])).toBeNull()
    expect(r.asked()).toBe(3)
  })

  it('never remembers "sold out": tickets that come back are bookable on the next request', async () => {
    const r = records({ a: ['a1'] })
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    expect(await check('a', ['a1'])).toBe('a1')
    expect(await check('a', ['a1'])).toBe('a1')
    r.set('a', [])
    expect(await check('a', ['a1'])).toBeNull()
    expect(r.asked()).toBe(3)
  })

  it('lets requests for one event that arrive while its record is being read share that read, and reads again after', async () => {
    const r = records({ a: ['a1'] })
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000 })
    const together = await Promise.all([check('a', ['a1']), check('a', ['a1']), check('a', ['a2']), check('b', ['b1'])])
    expect(together).toEqual(['a1', 'a1', null, null])
    expect(r.asked()).toBe(2)
    r.set('a', [])
    expect(await check('a', ['a1'])).toBeNull()
    expect(r.asked()).toBe(3)
  })

  it('fails every request that shared a failed read, and reads again for the next', async () => {
    let fail = true
    let asked = 0
    const check = createSoldOutCheck(
      { soldOutCategories: async () => (asked++, fail ? Promise.reject(new Error('Redis away')) : new Set<string>()) },
      { notSoldOutMs: 0 },
    )
    const shared = await Promise.allSettled([check('a', ['a1']), check('a', ['a1'])])
    expect(shared.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
    expect(asked).toBe(1)
    fail = false
    expect(await check('a', ['a1'])).toBeNull()
    expect(asked).toBe(2)
  })

  it('asks again once the window has passed, and every time with a window of 0', async () => {
    const r = records()
    let now = 1_000
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 30, now: () => now })
    await check('a', ['a1'])
    r.set('a', ['a1'])
    now += 29
    expect(await check('a', ['a1'])).toBeNull()
    now += 1
    expect(await check('a', ['a1'])).toBe('a1')

    const every = records()
    const uncached = createSoldOutCheck(every.store, { notSoldOutMs: 0 })
    await uncached('a', ['a1'])
    await uncached('a', ['a1'])
    expect(every.asked()).toBe(2)
  })

  it('keeps at most maxEvents answers, dropping the oldest', async () => {
    const r = records()
    const check = createSoldOutCheck(r.store, { notSoldOutMs: 60_000, maxEvents: 2 })
    await check('a', ['x'])
    await check('b', ['x'])
    await check('c', ['x'])
    expect(r.asked()).toBe(3)
    await check('c', ['x'])
    await check('b', ['x'])
    expect(r.asked()).toBe(3)
    await check('a', ['x'])
    expect(r.asked()).toBe(4)
  })
})
