import { randomUUID } from 'node:crypto'
import { MAX_CATEGORIES_PER_EVENT } from '@tickets/contracts'
import { isDuplicateKey, type CategoryRow, type EventRow, type Knex } from '@tickets/db'
import { databaseNow } from './clock.js'
import { BookingError } from './errors.js'
import { syncEventTotals } from './stock.js'
import { watchStock } from './outbox.js'
import { DEFAULT_OFFER_POLICY, offerFreedTickets, type OfferPolicy } from './waitlist.js'

/** A category as an administrator describes it (money already a two-decimal string). */
export interface CategoryInput {
  name: string
  price: string
  capacity: number
  max_per_user: number | null
  sales_start: Date | null
  sales_end: Date | null
}

export type CategoryChanges = Partial<CategoryInput>

/** The event row as created, without the stock columns: those are the sums of its categories. */
export type NewEvent = Omit<EventRow, 'id' | 'total_tickets' | 'available_tickets' | 'ticket_price' | 'first_sold_out_at' | 'created_at' | 'updated_at'>

const nameTaken = (name: string) =>
  new BookingError('CATEGORY_NAME_TAKEN', `This event already has a category named "${name}"`, { name: 'must be unique within the event' })

function checkWindow(start: Date | null, end: Date | null) {
  if (start && end && start.getTime() >= end.getTime()) {
    throw new BookingError('VALIDATION_ERROR', 'Invalid body', { sales_end: 'must be after sales_start' })
  }
}

/** Inserts categories after `position`; a name used twice (in the list or on the event) is CATEGORY_NAME_TAKEN. */
async function insertCategories(trx: Knex.Transaction, eventId: string, inputs: readonly CategoryInput[], position: number): Promise<string[]> {
  const rows = inputs.map((input, i) => {
    checkWindow(input.sales_start, input.sales_end)
    return { id: randomUUID(), event_id: eventId, position: position + i, ...input, available: input.capacity }
  })
  try {
    await trx('ticket_categories').insert(rows)
  } catch (error) {
    if (isDuplicateKey(error)) throw nameTaken(inputs.length === 1 ? inputs[0]!.name : 'one of these names')
    throw error
  }
  return rows.map((row) => row.id)
}

/**
 * Creates an event and its categories in the caller's transaction. The event's own stock columns
 * are the sums of its categories' (the lowest price for `ticket_price`), written here and kept so
 * by every stock write after. `id` lets the caller choose the id (the event-service picks one that
 * puts the event's bookings on the least busy queue shard).
 */
export async function insertEventWithCategories(trx: Knex.Transaction, event: NewEvent, categories: readonly CategoryInput[], id: string = randomUUID()): Promise<string> {
  const total = categories.reduce((sum, category) => sum + category.capacity, 0)
  const lowest = categories.map((category) => category.price).sort((a, b) => Number(a) - Number(b))[0]!
  await trx('events').insert({ id, ...event, ticket_price: lowest, total_tickets: total, available_tickets: total })
  await insertCategories(trx, id, categories, 0)
  return id
}

/** Adds a category to a locked event; at most MAX_CATEGORIES_PER_EVENT. */
export async function addCategory(trx: Knex.Transaction, eventId: string, input: CategoryInput): Promise<string> {
  const existing: Array<{ position: number }> = await trx('ticket_categories').where({ event_id: eventId }).select('position')
  if (existing.length >= MAX_CATEGORIES_PER_EVENT) {
    throw new BookingError('TOO_MANY_CATEGORIES', `An event has at most ${MAX_CATEGORIES_PER_EVENT} categories`)
  }
  const stockWatch = await watchStock(trx, eventId)
  const [id] = await insertCategories(trx, eventId, [input], Math.max(-1, ...existing.map((row) => row.position)) + 1)
  await syncEventTotals(trx, eventId)
  await stockWatch.report(await databaseNow(trx))
  return id!
}

async function findCategory(trx: Knex.Transaction, eventId: string, categoryId: string): Promise<CategoryRow> {
  const category = await trx('ticket_categories').where({ id: categoryId, event_id: eventId }).first()
  if (!category) throw new BookingError('CATEGORY_NOT_FOUND', 'Category not found')
  return category
}

/**
 * Changes a category of a locked event. A capacity change moves `available` by the same amount
 * (a booking committed before is counted, one after sees the new stock), refused below what is
 * held or sold (CAPACITY_BELOW_HELD). Tickets added are offered to the waiting list first, in the
 * same transaction. Returns true when tickets were added and some are left open to everyone: the
 * caller tells StockSignals.restocked after its commit.
 */
export async function updateCategory(
  trx: Knex.Transaction,
  eventId: string,
  categoryId: string,
  changes: CategoryChanges,
  policy: OfferPolicy = DEFAULT_OFFER_POLICY,
): Promise<boolean> {
  const category = await findCategory(trx, eventId, categoryId)
  const stockWatch = await watchStock(trx, eventId)
  checkWindow(changes.sales_start !== undefined ? changes.sales_start : category.sales_start, changes.sales_end !== undefined ? changes.sales_end : category.sales_end)
  const update: Partial<CategoryRow> = { ...changes }
  if (changes.capacity !== undefined && changes.capacity !== category.capacity) {
    const held = category.capacity - category.available
    if (changes.capacity < held) {
      throw new BookingError('CAPACITY_BELOW_HELD', `${held} tickets of this category are held or sold; its capacity cannot go below that`, {
        capacity: `must be at least ${held}`,
      })
    }
    update.available = category.available + (changes.capacity - category.capacity)
  }
  if (Object.keys(update).length > 0) {
    try {
      await trx('ticket_categories').where({ id: categoryId }).update(update)
    } catch (error) {
      if (isDuplicateKey(error)) throw nameTaken(changes.name ?? category.name)
      throw error
    }
  }
  await syncEventTotals(trx, eventId)
  const now = await databaseNow(trx)
  const added = changes.capacity !== undefined && changes.capacity > category.capacity
  const open = added && (await offerFreedTickets(trx, eventId, now, policy)).open
  await stockWatch.report(now)
  return open
}

/** Deletes a category of a locked event that holds no tickets; an event keeps at least one. */
export async function deleteCategory(trx: Knex.Transaction, eventId: string, categoryId: string): Promise<void> {
  const category = await findCategory(trx, eventId, categoryId)
  if (category.available < category.capacity) {
    throw new BookingError('CATEGORY_IN_USE', `${category.capacity - category.available} tickets of this category are held or sold`)
  }
  const [row] = await trx('ticket_categories').where({ event_id: eventId }).count<Array<{ n: number }>>({ n: '*' })
  if (Number(row?.n ?? 0) <= 1) throw new BookingError('LAST_CATEGORY', 'An event keeps at least one category')
  const stockWatch = await watchStock(trx, eventId)
  await trx('ticket_categories').where({ id: categoryId }).delete()
  await syncEventTotals(trx, eventId)
  await stockWatch.report(await databaseNow(trx))
}

/**
 * The single-pool edits of `PUT /api/events/:id` (`total_tickets`, `ticket_price`), on a locked
 * event: they apply to its only category; an event with several answers CATEGORY_REQUIRED (edit
 * the category instead). Returns true when tickets were added.
 */
export async function setEventPool(
  trx: Knex.Transaction,
  event: EventRow,
  pool: { total_tickets?: number; ticket_price?: string },
  policy: OfferPolicy = DEFAULT_OFFER_POLICY,
): Promise<boolean> {
  if (pool.total_tickets === undefined && pool.ticket_price === undefined) return false
  const categories: CategoryRow[] = await trx('ticket_categories').where({ event_id: event.id }).orderBy('position')
  if (categories.length !== 1) {
    const field = pool.total_tickets !== undefined ? 'total_tickets' : 'ticket_price'
    throw new BookingError('CATEGORY_REQUIRED', 'This event has several ticket categories: change a category instead', {
      [field]: 'applies only to an event with one category',
    })
  }
  const only = categories[0]!
  try {
    return await updateCategory(
      trx,
      event.id,
      only.id,
      {
        ...(pool.total_tickets !== undefined ? { capacity: pool.total_tickets } : {}),
        ...(pool.ticket_price !== undefined ? { price: pool.ticket_price } : {}),
      },
      policy,
    )
  } catch (error) {
    // Said in the event's own words.
    if (error instanceof BookingError && error.code === 'CAPACITY_BELOW_HELD') {
      const held = only.capacity - only.available
      throw new BookingError('TICKETS_ALREADY_SOLD', `${held} tickets are already held or sold; total_tickets cannot go below that`, {
        total_tickets: `must be at least ${held}`,
      })
    }
    throw error
  }
}
