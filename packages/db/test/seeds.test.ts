import { afterEach, describe, expect, it } from 'vitest'
import { createIsolatedDatabase } from '@tickets/testing'
import { migrate } from '../src/index.js'
import { seedDevelopmentData } from '../src/seeds.js'

let drop: (() => Promise<void>) | undefined
afterEach(async () => {
  await drop?.()
})

describe('development seeds', () => {
  it('create a demo organizer and three events of two or three categories each, and change nothing when run again', async () => {
    const db = await createIsolatedDatabase()
    drop = db.drop
    await migrate(db.knex)
    await seedDevelopmentData(db.knex)
    await seedDevelopmentData(db.knex)
    expect(await db.knex('users').count({ n: '*' })).toEqual([{ n: 1 }])
    const events = await db.knex('events').select('id', 'ticket_price', 'total_tickets', 'available_tickets')
    expect(events).toHaveLength(3)
    for (const event of events) {
      expect(event.available_tickets).toBe(event.total_tickets)
      const categories = await db.knex('ticket_categories').where({ event_id: event.id })
      expect(categories.length).toBeGreaterThanOrEqual(2)
      expect(categories.length).toBeLessThanOrEqual(3)
      // The event's numbers are its categories' sums, its price the lowest.
      expect(categories.reduce((sum, category) => sum + category.capacity, 0)).toBe(event.total_tickets)
      expect(Math.min(...categories.map((category) => Number(category.price)))).toBe(Number(event.ticket_price))
    }
  })
})
