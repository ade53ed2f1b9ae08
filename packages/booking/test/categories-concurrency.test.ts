import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKnex, type Knex } from '@tickets/db'
import { insertEvent, stockOf } from '@tickets/testing'
import { addCategory, lockEvent } from '../src/index.js'

let knex: Knex
beforeAll(() => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 8, multipleStatements: true })
})
afterAll(async () => {
  await knex.destroy()
})

describe('category changes on different events at once', () => {
  it('never deadlock: each event is locked alone, and no range of categories is locked with it', async () => {
    // Before: the event's sums were written with UPDATE ... JOIN (SELECT ... FROM ticket_categories),
    // whose shared next-key locks reached into the neighbouring event's gap; 81 of 150 adds failed.
    const errors: string[] = []
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let n = 0; n < 6; n++) {
          const event = await insertEvent(knex, { total_tickets: 1 })
          for (let i = 0; i < 6; i++) {
            try {
              await knex.transaction(async (trx) => {
                await lockEvent(trx, event.id)
                await addCategory(trx, event.id, { name: `Tier ${i} ${randomUUID().slice(0, 4)}`, price: `${i + 1}.00`, capacity: 2, max_per_user: null, sales_start: null, sales_end: null })
              })
            } catch (error) {
              errors.push((error as Error).message.slice(-60))
            }
          }
          expect(await stockOf(knex, event.id)).toMatchObject({ total: 13, available: 13, consistent: true })
          expect(await knex('events').where({ id: event.id }).first('ticket_price')).toEqual({ ticket_price: expect.stringMatching(/^\d+\.\d{2}$/) })
        }
      }),
    )
    expect(errors).toEqual([])
  }, 120_000)
})
