import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { categoriesOf as rowsOf, insertEvent } from '@tickets/testing'
import { createCategoryDirectory } from '../src/bookings/category-directory.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 4 })
})
afterAll(() => knex.destroy())

/** The directory on a real MySQL with a clock the test moves, and how many times it has read the event's categories. */
async function setup() {
  const event = await insertEvent(knex)
  const first = (await rowsOf(knex, event.id))[0]!.id as string
  // The directory's reads of this event's categories (not the test's own writes).
  let reads = 0
  const counted = (query: { sql: string; bindings?: unknown[] }) => {
    if (/^select .*ticket_categories/i.test(query.sql) && query.bindings?.includes(event.id)) reads++
  }
  knex.on('query', counted)
  let clock = 1_000_000
  const directory = createCategoryDirectory(knex, { ttlMs: 5_000, staleMs: 10_000, now: () => clock })
  const addCategory = async () => {
    const id = randomUUID()
    await knex('ticket_categories').insert({ id, event_id: event.id, position: 1, name: 'Balcony', price: '10.00', capacity: 5, available: 5 })
    return id
  }
  return { directory, eventId: event.id, first, addCategory, reads: () => reads, tick: (ms: number) => void (clock += ms), stop: () => knex.off('query', counted) }
}

describe('the category directory', () => {
  it('reads an event once for every request that asks while the read is under way', async () => {
    const { directory, eventId, first, reads, stop } = await setup()
    const lists = await Promise.all(Array.from({ length: 50 }, () => directory.categoriesOf(eventId)))
    expect(lists.every((ids) => ids.length === 1 && ids[0] === first)).toBe(true)
    expect(reads()).toBe(1)
    expect(directory.remembered(eventId)).toEqual([first])
    stop()
  })

  it('answers a list past its time while one read in the background replaces it', async () => {
    const { directory, eventId, first, addCategory, reads, tick, stop } = await setup()
    await directory.categoriesOf(eventId)
    const added = await addCategory()
    tick(6_000)
    // Past ttlMs: the old list at once, and a single read started for every request meanwhile.
    for (let i = 0; i < 50; i++) expect(directory.remembered(eventId)).toEqual([first])
    await expect.poll(() => directory.remembered(eventId), { timeout: 5_000, interval: 20 }).toEqual([first, added])
    expect(reads()).toBe(2)
    stop()
  })

  it('stops answering a list not read again for ttlMs + staleMs (a database that does not answer)', async () => {
    const { directory, eventId, reads, tick, stop } = await setup()
    await directory.categoriesOf(eventId)
    tick(15_001)
    expect(directory.remembered(eventId)).toBeUndefined()
    // It did ask again, in the background (knex reports a query once it has a connection).
    await expect.poll(() => reads(), { timeout: 5_000, interval: 20 }).toBe(2)
    stop()
  })

  it('reads afresh when asked to, rather than joining a read that started before the question', async () => {
    const { directory, eventId, first, addCategory, reads, stop } = await setup()
    const before = directory.categoriesOf(eventId)
    const added = await addCategory()
    const fresh = directory.categoriesOf(eventId, { fresh: true })
    // A request that finds `added` missing from the list it has asks fresh: the answer postdates it.
    expect(await fresh).toEqual([first, added])
    await before
    expect(reads()).toBe(2)
    stop()
  })
})
