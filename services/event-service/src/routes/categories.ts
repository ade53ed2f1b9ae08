import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { Category, CategoryParams, CreateCategoryBody, ErrorBody, IdParams, Success, UpdateCategoryBody } from '@tickets/contracts'
import { addCategory, deleteCategory, lockEvent, toMoney, updateCategory, type CategoryChanges, type CategoryInput, type StockSignals } from '@tickets/booking'
import type { Knex } from '@tickets/db'
import { HttpError, ok } from '@tickets/http'
import type { EventsRepository } from '../events-repository.js'
import { toCategory } from '../serialize.js'

const errors = { '4xx': ErrorBody }
const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null)

/** A category as the API describes it, in the booking domain's terms (money as a decimal string). */
export function toCategoryInput(body: Omit<CreateCategoryBody, 'sales_start' | 'sales_end'> & Partial<Pick<CreateCategoryBody, 'sales_start' | 'sales_end'>>): CategoryInput {
  return {
    name: body.name,
    price: toMoney(body.price, 'price'),
    capacity: body.capacity,
    max_per_user: body.max_per_user ?? null,
    sales_start: dateOrNull(body.sales_start),
    sales_end: dateOrNull(body.sales_end),
  }
}

function toCategoryChanges(body: UpdateCategoryBody): CategoryChanges {
  const changes: CategoryChanges = {}
  if (body.name !== undefined) changes.name = body.name
  if (body.price !== undefined) changes.price = toMoney(body.price, 'price')
  if (body.capacity !== undefined) changes.capacity = body.capacity
  if (body.max_per_user !== undefined) changes.max_per_user = body.max_per_user
  if (body.sales_start !== undefined) changes.sales_start = dateOrNull(body.sales_start)
  if (body.sales_end !== undefined) changes.sales_end = dateOrNull(body.sales_end)
  return changes
}

/**
 * An event's ticket categories (admin). Every change runs under the event's row lock, the one the
 * worker takes to decide bookings, through @tickets/booking: a capacity change and a burst of
 * bookings are ordered, and the event's sums move in the same transaction.
 */
export const categoryRoutes: FastifyPluginAsyncTypebox<{ events: EventsRepository; stock: StockSignals }> = async (app, { events, stock }) => {
  /** Runs `work` with the event locked; its category as the transaction leaves it, or none. */
  const onLockedEvent = <T>(eventId: string, work: (trx: Knex.Transaction) => Promise<T>) =>
    app.knex.transaction(async (trx) => {
      if (!(await lockEvent(trx, eventId))) throw new HttpError(404, 'EVENT_NOT_FOUND', 'Event not found')
      return work(trx)
    })
  /** The category as the transaction leaves it, with its waiting list, as the event shows it. */
  const read = async (trx: Knex.Transaction, eventId: string, categoryId: string) =>
    toCategory((await events.findById(eventId, trx))!.categories.find((category) => category.id === categoryId)!)

  app.post(
    '/api/events/:id/categories',
    { preHandler: app.requireAdmin, schema: { params: IdParams, body: CreateCategoryBody, response: { 201: Success(Category), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      const created = await onLockedEvent(id, async (trx) => read(trx, id, await addCategory(trx, id, toCategoryInput(request.body))))
      reply.code(201).header('location', `/api/events/${id}/categories/${created.id}`)
      return ok(created, 'Category created')
    },
  )

  app.put(
    '/api/events/:id/categories/:categoryId',
    { preHandler: app.requireAdmin, schema: { params: CategoryParams, body: UpdateCategoryBody, response: { 200: Success(Category), ...errors } } },
    async (request) => {
      const { id, categoryId } = request.params
      const { restocked, updated } = await onLockedEvent(id, async (trx) => ({
        restocked: await updateCategory(trx, id, categoryId, toCategoryChanges(request.body), stock.offers),
        updated: await read(trx, id, categoryId),
      }))
      // After the commit: a raised capacity (what the waiting list did not take) makes a sold-out
      // category bookable again at once.
      if (restocked) await stock.restocked(id)
      return ok(updated, 'Category updated')
    },
  )

  app.delete(
    '/api/events/:id/categories/:categoryId',
    { preHandler: app.requireAdmin, schema: { params: CategoryParams, response: { 200: Success(Type.Object({ id: Type.String() })), ...errors } } },
    async (request) => {
      const { id, categoryId } = request.params
      await onLockedEvent(id, (trx) => deleteCategory(trx, id, categoryId))
      return ok({ id: categoryId }, 'Category deleted')
    },
  )
}
