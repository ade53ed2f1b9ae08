import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as contracts from '@tickets/contracts'
import { createKnex, type Knex } from '@tickets/db'

/**
 * Every number a client sends is bounded by its schema, and a number that is written to a column
 * fits that column: a value past a column's range must be a 400 at the edge, never a 500 from MySQL
 * (`max_tickets_per_user: 2147483648` used to be one).
 */
interface NumericColumn {
  table: string
  column: string
  min: number
  max: number
}

type JsonSchema = { type?: string; minimum?: number; maximum?: number; anyOf?: JsonSchema[]; properties?: Record<string, JsonSchema> }

/** The integer/number schemas inside a property (through unions such as `integer | null`). */
const numericParts = (schema: JsonSchema): JsonSchema[] =>
  schema.anyOf ? schema.anyOf.flatMap(numericParts) : schema.type === 'integer' || schema.type === 'number' ? [schema] : []

/** Every request body and query schema the API accepts, by export name. */
const inputSchemas = Object.entries(contracts).filter(
  ([name, value]) => /(Body|Query)$/.test(name) && name !== 'ErrorBody' && name !== 'HealthBody' && typeof value === 'object' && value !== null && 'properties' in value,
) as Array<[string, JsonSchema]>

let knex: Knex
let columns: NumericColumn[]
beforeAll(async () => {
  knex = createKnex(inject('mysqlUrl'), { poolMax: 1 })
  const rows: Array<{ table: string; column: string; type: string; columnType: string; precision: number | null; scale: number | null }> = await knex('information_schema.COLUMNS')
    .where({ TABLE_SCHEMA: knex.raw('DATABASE()') })
    .whereIn('DATA_TYPE', ['tinyint', 'smallint', 'int', 'bigint', 'decimal'])
    .select({ table: 'TABLE_NAME', column: 'COLUMN_NAME', type: 'DATA_TYPE', columnType: 'COLUMN_TYPE', precision: 'NUMERIC_PRECISION', scale: 'NUMERIC_SCALE' })
  const intRange: Record<string, number> = { tinyint: 2 ** 7, smallint: 2 ** 15, int: 2 ** 31, bigint: 2 ** 63 }
  columns = rows.map((row) => {
    if (row.type === 'decimal') {
      const max = 10 ** (row.precision! - row.scale!) - 10 ** -row.scale!
      return { table: row.table, column: row.column, min: -max, max }
    }
    const half = intRange[row.type]!
    return row.columnType.includes('unsigned')
      ? { table: row.table, column: row.column, min: 0, max: half * 2 - 1 }
      : { table: row.table, column: row.column, min: -half, max: half - 1 }
  })
})
afterAll(() => knex.destroy())

describe('numbers in requests', () => {
  it('found the schemas and columns it checks', () => {
    expect(inputSchemas.map(([name]) => name)).toEqual(expect.arrayContaining(['CreateEventBody', 'UpdateEventBody', 'CreateBookingBody', 'BookingListQuery']))
    expect(columns.map((c) => `${c.table}.${c.column}`)).toEqual(expect.arrayContaining(['events.ticket_price', 'events.max_tickets_per_user', 'bookings.quantity']))
  })

  it('each has a minimum and a maximum', () => {
    const unbounded = inputSchemas.flatMap(([name, schema]) =>
      Object.entries(schema.properties!).flatMap(([field, property]) =>
        numericParts(property)
          .filter((part) => part.minimum === undefined || part.maximum === undefined)
          .map(() => `${name}.${field}`),
      ),
    )
    expect(unbounded).toEqual([])
  })

  it('fits every column of the same name', () => {
    const misfits: string[] = []
    for (const [name, schema] of inputSchemas) {
      for (const [field, property] of Object.entries(schema.properties!)) {
        for (const part of numericParts(property)) {
          for (const column of columns.filter((c) => c.column === field)) {
            if (part.maximum! > column.max || part.minimum! < column.min) misfits.push(`${name}.${field} [${part.minimum}, ${part.maximum}] vs ${column.table}.${column.column} [${column.min}, ${column.max}]`)
          }
        }
      }
    }
    expect(misfits).toEqual([])
  })

  it('keeps the largest booking of the dearest ticket within total_price', () => {
    const totalPrice = columns.find((c) => c.table === 'bookings' && c.column === 'total_price')!
    expect(contracts.MAX_BOOKING_TOTAL).toBe(totalPrice.max)
    expect(contracts.MAX_TICKET_PRICE * contracts.MAX_QUANTITY_PER_REQUEST).toBeLessThanOrEqual(contracts.MAX_BOOKING_TOTAL)
  })
})
